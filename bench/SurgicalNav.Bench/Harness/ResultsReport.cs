using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurgicalNav.Bench.Harness;

/// <summary>The printed table (also used for the README) and the results JSON.</summary>
internal static class ResultsReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // '>=' and quotes stay readable in committed files
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A Markdown table: row, workload, median ours, median anchor, ratio, target, verdict, threads, note.</summary>
    public static string Table(IReadOnlyList<RowResult> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| row | workload | ours s | anchor s | anchor | ratio (anchor/ours) | target | result | threads ours/anchor | device | note |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (RowResult r in rows)
        {
            string ours = r.Value is double v ? (r.Unit == "ms" ? $"p99 {v:0.00} ms" : $"{v / 1e9:0.00} GB") : Seconds(r.OursSeconds);
            string others = r.OtherAnchors.Count == 0 ? "" : "; also " + string.Join(", ", r.OtherAnchors.Select(o => $"{o.Key} {o.Value:0.000} s"));
            string ratio = r.Ratio is double x ? $"{x:0.00}x" : "-";
            string verdict = r.Outcome switch
            {
                RowOutcome.Met => "met",
                RowOutcome.NotMet => "not met",
                RowOutcome.Fail => "**FAIL**",
                RowOutcome.Measured => "measured",
                _ => "MISSING",
            };
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Workload} | {ours} | {Seconds(r.AnchorSeconds)} | {r.Anchor ?? "-"} | {ratio} | {r.Target} | {verdict} | {r.OursThreads}/{(r.AnchorThreads?.ToString(CultureInfo.InvariantCulture) ?? "-")} | {r.Device} | {Escape(r.Note + others)} |"));
        }
        return sb.ToString();
    }

    /// <summary>Writes the results JSON atomically.</summary>
    public static void Write(string path, MachineInfo machine, BenchOptions options, IReadOnlyList<RowResult> rows)
    {
        var document = new
        {
            machine,
            options = new { options.Quick, size = options.Size.ToString(), options.Seed, options.Repeat, options.Device, options.Only },
            ratio = "anchor_s / ours_s: above 1 we are faster; only given when both sides ran and their outputs agreed",
            rows,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(document, Json) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    private static string Seconds(double? s) => s is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static string Escape(string s) => s.Replace("|", "/", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
