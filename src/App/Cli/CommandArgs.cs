namespace SurgicalNav.App.Cli;

/// <summary>
/// One command's arguments: positionals, options with values (--name value, repeatable) and flags (--name).
/// Unknown options are rejected with the list of known ones.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>Parses args for a command that accepts the given options (take a value) and flags (no value).</summary>
    public CommandArgs(string command, IEnumerable<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        Command = command;
        var positionals = new List<string>();
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string a = e.Current;
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                positionals.Add(a);
                continue;
            }
            string name = a[2..], value;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (options.Contains(name))
            {
                if (!e.MoveNext()) throw new UsageException($"{command}: --{name} needs a value");
                value = e.Current;
            }
            else value = "";
            if (flags.Contains(name)) _flags.Add(name);
            else if (options.Contains(name))
            {
                if (!_options.TryGetValue(name, out List<string>? list)) _options[name] = list = [];
                list.Add(value);
            }
            else
            {
                string known = string.Join(" ", options.Select(o => "--" + o).Concat(flags.Select(f => "--" + f)));
                throw new UsageException($"{command}: unknown option --{name}; it takes {(known.Length == 0 ? "no options" : known)} (see surgicalnav help)");
            }
        }
        Positionals = positionals;
    }

    /// <summary>The command name, for messages.</summary>
    public string Command { get; }

    /// <summary>Arguments that are not options.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when the flag was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The option's last value, or null.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out List<string>? v) ? v[^1] : null;

    /// <summary>All values of a repeatable option.</summary>
    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out List<string>? v) ? v : [];

    /// <summary>The option's value; throws a usage error naming what it is for when missing.</summary>
    public string Required(string name, string what) =>
        Option(name) ?? throw new UsageException($"{Command}: --{name} is required: {what}");

    /// <summary>The single positional argument; throws a usage error describing it when missing.</summary>
    public string Positional(string what)
    {
        if (Positionals.Count == 0) throw new UsageException($"{Command}: missing {what}");
        if (Positionals.Count > 1) throw new UsageException($"{Command}: expected one {what}, got {Positionals.Count}: {string.Join(" ", Positionals)}");
        return Positionals[0];
    }

    /// <summary>An integer option within a range, or the default.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        string? text = Option(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new UsageException($"{Command}: --{name} '{text}' must be an integer from {min} to {max}");
        }
        return v;
    }

    /// <summary>A number option within a range, or the default.</summary>
    public double Double(string name, double fallback, double min, double max)
    {
        string? text = Option(name);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < min || v > max)
        {
            throw new UsageException($"{Command}: --{name} '{text}' must be a number from {min} to {max}");
        }
        return v;
    }
}
