using SurgicalNav.Imaging.Dicom.Isolation;

namespace SurgicalNav.Imaging.Worker;

/// <summary>Entry point of the isolated DICOM decoder; speaks DicomWorkerProtocol on stdin and stdout.</summary>
public static class Program
{
    /// <summary>Serves decode requests until stdin closes; returns 0.</summary>
    public static int Main()
    {
        using Stream input = Console.OpenStandardInput();
        using Stream output = Console.OpenStandardOutput();
        return DicomWorkerHost.Run(input, output);
    }
}
