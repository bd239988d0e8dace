using SurgicalNav.Imaging;

namespace SurgicalNav.Bench.Harness;

/// <summary>Command-line settings of one bench run.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }
    public bool Micro { get; init; }
    public string? Only { get; init; }
    public string Device { get; init; } = "cpu";
    /// <summary>Timed repetitions per side after one untimed warm-up run that also checks agreement.</summary>
    public int Repeat { get; init; } = 3;
    public required string Root { get; init; }
    public string? AppPath { get; init; }
    public Int3 Size { get; init; } = new(512, 512, 400);
    public int Seed { get; init; } = 1;
    public bool List { get; init; }

    public const string Usage =
        "usage: SurgicalNav.Bench [--quick] [--only NAME] [--device cpu|opencl] [--repeat N] [--size XxYxZ] [--micro] [--list] [--root DIR] [--app surgicalnav.dll]";

    /// <summary>Parses arguments; throws ArgumentException with the usage line on anything unknown.</summary>
    public static BenchOptions Parse(string[] args, string defaultRoot)
    {
        var o = new BenchOptions { Root = defaultRoot };
        bool repeatGiven = false, sizeGiven = false;
        for (int n = 0; n < args.Length; n++)
        {
            string Next() => n + 1 < args.Length ? args[++n] : throw new ArgumentException($"{args[n]} needs a value; {Usage}");
            switch (args[n])
            {
                case "--quick": o = o with { Quick = true }; break;
                case "--micro": o = o with { Micro = true }; break;
                case "--list": o = o with { List = true }; break;
                case "--only": o = o with { Only = Next() }; break;
                case "--device":
                    string d = Next().ToLowerInvariant();
                    if (d is not ("cpu" or "opencl")) throw new ArgumentException($"--device {d}: use cpu or opencl");
                    o = o with { Device = d };
                    break;
                case "--repeat":
                    if (!int.TryParse(Next(), out int r) || r < 1 || r > 100) throw new ArgumentException("--repeat takes a count from 1 to 100");
                    o = o with { Repeat = r };
                    repeatGiven = true;
                    break;
                case "--size":
                    try { o = o with { Size = Int3.Parse(Next()) }; }
                    catch (FormatException e) { throw new ArgumentException($"--size: {e.Message}"); }
                    sizeGiven = true;
                    break;
                case "--seed":
                    if (!int.TryParse(Next(), out int s) || s < 0) throw new ArgumentException("--seed takes a non-negative integer");
                    o = o with { Seed = s };
                    break;
                case "--root": o = o with { Root = Next() }; break;
                case "--app": o = o with { AppPath = Next() }; break;
                default: throw new ArgumentException($"unknown argument '{args[n]}'; {Usage}");
            }
        }
        if (o.Quick)
        {
            if (!sizeGiven) o = o with { Size = new Int3(256, 256, 200) };
            if (!repeatGiven) o = o with { Repeat = 2 };
        }
        return o;
    }
}
