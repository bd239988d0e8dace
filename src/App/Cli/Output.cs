using System.Text.Json;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Cli;

/// <summary>Where the CLI writes: results (and --json) to stdout, progress and warnings to stderr.</summary>
public static class Output
{
    /// <summary>Prints a progress or warning line to stderr.</summary>
    public static void Progress(string line) => Console.Error.WriteLine(line);

    /// <summary>Prints a result object as JSON on stdout.</summary>
    public static void Json(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), NavJson.Options));

    /// <summary>Prints a human-readable result line on stdout.</summary>
    public static void Result(string line) => Console.Out.WriteLine(line);
}
