using System.Diagnostics;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Runs dcmtk and GDCM command-line tools as oracles and file builders, and reads values out of dcmdump's text.</summary>
internal static class DcmTool
{
    /// <summary>Runs a tool and returns its stdout; fails the test (or ignores it when the tool is missing) otherwise.</summary>
    public static string Run(string tool, params string[] args)
    {
        string? found = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (found is null) Assert.Ignore($"'{tool}' is missing; install dcmtk and libgdcm-tools (./nav installs them)");
        var info = new ProcessStartInfo(found!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>Every value of the named attribute in dcmdump's full output (nested items included), e.g. "ImagePositionPatient".</summary>
    public static List<string> Values(string dump, string keyword) =>
        dump.Split('\n')
            .Where(l => l.TrimEnd().EndsWith(" " + keyword, StringComparison.Ordinal) && l.Contains('['))
            .Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')])
            .ToList();

    /// <summary>The numbers of a backslash-separated DS value.</summary>
    public static double[] Numbers(string value) =>
        value.Split('\\').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The 16-bit words of PixelData as dcmdump +L prints them (hex, backslash-separated).</summary>
    public static ushort[] PixelWords(string path)
    {
        string line = Run("dcmdump", "+L", "+P", "7fe0,0010", path).Split('\n').First(l => l.StartsWith("(7fe0,0010)", StringComparison.Ordinal));
        string words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        return words.Split('\\').Select(w => Convert.ToUInt16(w, 16)).ToArray();
    }
}
