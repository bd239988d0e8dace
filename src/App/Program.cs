namespace SurgicalNav.App;

/// <summary>The surgicalnav command line.</summary>
public static class Program
{
    /// <summary>Entry point; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("surgicalnav: the command line is not built yet");
        return args.Length == 0 ? 0 : 2;
    }
}
