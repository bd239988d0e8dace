using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SurgicalNav.Bench.Harness;

/// <summary>
/// The long-lived Python process that runs the anchors (bench/anchors/anchor.py). Its interpreter start-up and
/// imports happen once before the first request, and it times only the operation, so start-up is excluded.
/// </summary>
internal sealed class AnchorClient : IDisposable
{
    private readonly Process _process;

    private AnchorClient(Process process, IReadOnlyList<string> ops)
    {
        _process = process;
        Ops = ops;
    }

    /// <summary>Ops the script offers.</summary>
    public IReadOnlyList<string> Ops { get; }

    /// <summary>Starts python3 on the script with the thread count given to OpenMP, VTK and BLAS.</summary>
    public static AnchorClient Start(string script, int threads)
    {
        if (!File.Exists(script)) throw new FileNotFoundException($"anchor script '{script}' is missing; run from the repository (./nav bench) or a full publish folder");
        // Debian's interpreter, where apt put VTK, scikit-image, SciPy and Open3D (a pyenv python3 earlier on PATH lacks them).
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python, ["-u", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        string t = threads.ToString(CultureInfo.InvariantCulture);
        info.Environment["OMP_NUM_THREADS"] = t;
        info.Environment["VTK_SMP_MAX_THREADS"] = t;
        info.Environment["OPENBLAS_NUM_THREADS"] = t;
        info.Environment["PYTHONWARNINGS"] = "ignore";
        Process process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start; install python3 (./nav bench installs the anchors)");
        string? ready = process.StandardOutput.ReadLine();
        if (ready is null) throw new InvalidOperationException($"the anchor process exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)}); run 'python3 {script}' to see why");
        JsonNode hello = JsonNode.Parse(ready)!;
        var ops = hello["ops"]!.AsArray().Select(o => o!.GetValue<string>()).ToList();
        return new AnchorClient(process, ops);
    }

    /// <summary>Runs one anchor op; an exception in Python comes back as a reply with Ok false, never a crash here.</summary>
    public AnchorReply Run(AnchorSpec spec, int threads, string? dumpPath)
    {
        var request = new JsonObject
        {
            ["op"] = spec.Op,
            ["inputs"] = JsonSerializer.SerializeToNode(spec.Inputs),
            ["params"] = JsonSerializer.SerializeToNode(spec.Params),
            ["threads"] = threads,
            ["dump"] = dumpPath,
        };
        _process.StandardInput.WriteLine(request.ToJsonString());
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine();
        if (line is null) return new AnchorReply(false, 0, [], 0, spec.Label, $"the anchor process died during '{spec.Op}' (out of memory?)");
        JsonObject reply = JsonNode.Parse(line)!.AsObject();
        if (reply["ok"]?.GetValue<bool>() != true)
        {
            return new AnchorReply(false, 0, [], 0, spec.Label, reply["error"]?.GetValue<string>() ?? "unknown error");
        }
        return new AnchorReply(true, reply["seconds"]!.GetValue<double>(), reply["check"]!.AsObject(),
            reply["threads"]?.GetValue<int>() ?? 1, reply["library"]?.GetValue<string>() ?? spec.Label, null);
    }

    /// <summary>Ends the process by closing its input.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
