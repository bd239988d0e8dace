namespace SurgicalNav.App.Server;

/// <summary>Thrown when a case folder, or its case.json, does not exist; the message says how to create one.</summary>
public sealed class CaseNotFoundException : Exception
{
    /// <summary>Creates the exception for the folder and the reason it is not a usable case.</summary>
    public CaseNotFoundException(string caseDirectory, string reason)
        : base($"No case at '{caseDirectory}': {reason}. Create one first with `surgicalnav case DICOM_DIR --out {caseDirectory}` " +
               "or try the synthetic demo with `./nav demo`.")
    {
        CaseDirectory = caseDirectory;
    }

    /// <summary>The full path of the folder that was asked for.</summary>
    public string CaseDirectory { get; }
}
