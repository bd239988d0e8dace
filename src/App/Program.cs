using SurgicalNav.App.Cli;
using SurgicalNav.App.Commands;

namespace SurgicalNav.App;

/// <summary>The surgicalnav command line: dispatches subcommands and turns failures into one-line errors.</summary>
public static class Program
{
    private static readonly string[] Usage =
    [
        DemoCommand.Summary,
        PhantomCommand.Summary,
        ImportCommand.Summary,
        SeriesCommand.Summary,
        PacsCommand.Summary,
        SegmentCommand.Summary,
        GrowCommand.Summary,
        VolumetryCommand.Summary,
        MeshCommand.Summary,
        IsosurfaceCommand.Summary,
        PlanCommand.Summary,
        SimulateCommand.Summary,
        VerifyCommand.Summary,
        VolumesCommand.Summary,
        CaseCommand.Summary,
        ServeCommand.Summary,
        RegisterCommand.Summary,
        PivotCommand.Summary,
        TrackerSimCommand.Summary,
        RecordCommand.Summary,
        ReplayCommand.Summary,
        DevicesCommand.Summary,
        "help                                                                 this list",
    ];

    /// <summary>Entry point; returns 0 on success, 1 when the input was wrong, 2 for a usage error, 3 for an internal error.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        string command = args.Length == 0 ? "help" : args[0];
        string[] rest = args.Length == 0 ? [] : args[1..];
        try
        {
            return command switch
            {
                "help" or "--help" or "-h" => Help(),
                "demo" => await DemoCommand.RunAsync(rest, cts.Token),
                "phantom" => PhantomCommand.Run(rest),
                "import" => await ImportCommand.RunAsync(rest, cts.Token),
                "series" => SeriesCommand.Run(rest),
                "pacs" => await PacsCommand.RunAsync(rest, cts.Token),
                "segment" => SegmentCommand.Run(rest),
                "grow" => GrowCommand.Run(rest),
                "volumetry" => VolumetryCommand.Run(rest),
                "mesh" => MeshCommand.Run(rest),
                "isosurface" => IsosurfaceCommand.Run(rest),
                "plan" => PlanCommand.Run(rest),
                "simulate" => SimulateCommand.Run(rest),
                "verify" => await VerifyCommand.RunAsync(rest, cts.Token),
                "volumes" => VolumesCommand.Run(rest),
                "case" => await CaseCommand.RunAsync(rest, cts.Token),
                "devices" => DevicesCommand.Run(rest),
                "serve" => await ServeCommand.RunAsync(rest, cts.Token),
                "register" => RegisterCommand.Run(rest),
                "pivot" => PivotCommand.Run(rest),
                "tracker-sim" => await TrackerSimCommand.RunAsync(rest, cts.Token),
                "record" => await RecordCommand.RunAsync(rest, cts.Token),
                "replay" => await ReplayCommand.RunAsync(rest, cts.Token),
                _ => throw new UsageException($"unknown command '{command}'; run 'surgicalnav help' for the list"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"surgicalnav: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine($"surgicalnav {command}: cancelled");
            return 130;
        }
        catch (Exception e) when (ErrorReport.IsUserError(e))
        {
            Console.Error.WriteLine($"surgicalnav {command}: {ErrorReport.OneLine(e)}");
            return 1;
        }
        catch (Exception e)
        {
            string log = ErrorReport.WriteLog(command, e);
            Console.Error.WriteLine($"surgicalnav {command}: internal error ({e.GetType().Name}: {ErrorReport.OneLine(e)}); details in {log}. Please report it.");
            return 3;
        }
    }

    private static int Help()
    {
        Console.Out.WriteLine("SurgicalNav: CT to 3D anatomy, ablation plan and XR guidance. Coordinates are patient LPS mm.");
        Console.Out.WriteLine("usage: surgicalnav <command> [args]   (./nav <command> builds first)");
        foreach (string line in Usage) Console.Out.WriteLine("  " + line);
        Console.Out.WriteLine("environment: SURGICALNAV_DEVICE=auto|cpu|opencl picks the compute backend when --device is not given.");
        return 0;
    }
}
