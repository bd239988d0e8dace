using SurgicalNav.Compute;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.DicomWeb;
using SurgicalNav.Imaging.Nifti;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;

namespace SurgicalNav.App.Cli;

/// <summary>Classifies failures: input problems the user can fix get one line; anything else is logged to a file with its stack.</summary>
public static class ErrorReport
{
    /// <summary>True for errors caused by the input or the environment, whose message already says what to do.</summary>
    public static bool IsUserError(Exception e) => e is DicomImportException or NrrdFormatException or NiftiFormatException or DicomWebException or SegmentationException or PlanningException
        or ComputeUnavailableException or Server.CaseNotFoundException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or InvalidDataException or IOException or FormatException or ArgumentException;

    /// <summary>The message flattened to one line.</summary>
    public static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();

    /// <summary>Writes the full exception to a log file and returns its path.</summary>
    public static string WriteLog(string command, Exception e)
    {
        string dir = Path.Combine(Path.GetTempPath(), "surgicalnav");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
        File.WriteAllText(path, $"surgicalnav {command}\n{e}\n");
        return path;
    }
}
