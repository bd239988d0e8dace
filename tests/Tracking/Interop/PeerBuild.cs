using System.Diagnostics;
using System.Security.Cryptography;

namespace SurgicalNav.Tracking.Tests.Interop;

/// <summary>Compiles tests/Tracking/Peer/igtl_peer.cpp against Debian's libopenigtlink-dev once per source hash, into the test output folder.</summary>
internal static class PeerBuild
{
    private static readonly Lazy<string> Binary = new(Build);

    public static string Path => Binary.Value;

    private static string Build()
    {
        string dir = TestContext.CurrentContext.TestDirectory;
        string source = System.IO.Path.Combine(dir, "Peer", "igtl_peer.cpp");
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        string binary = System.IO.Path.Combine(dir, $"igtl_peer-{hash}");
        if (File.Exists(binary)) return binary;
        if (!File.Exists("/usr/include/openigtlink/igtlClientSocket.h"))
            Assert.Fail("libopenigtlink-dev is not installed; run ./nav test (it installs it) or apt-get install libopenigtlink-dev");
        string temp = binary + "." + Environment.ProcessId + ".tmp";
        var (code, output) = Run("g++", $"-O1 -std=c++17 -I/usr/include/openigtlink \"{source}\" -o \"{temp}\" -lOpenIGTLink", 120_000);
        if (code != 0) Assert.Fail($"g++ could not build the OpenIGTLink peer:\n{output}");
        File.Move(temp, binary, overwrite: true);
        return binary;
    }

    public static (int Code, string Output) Run(string file, string args, int timeoutMs)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"{file} {args} did not finish in {timeoutMs} ms");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
