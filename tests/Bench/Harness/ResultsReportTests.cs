using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Tests.Harness;

public class ResultsReportTests
{
    [Test]
    public void Table_FailAndMissingRows_ShowNoRatio()
    {
        RowResult[] rows =
        [
            new() { Name = "cc", Workload = "w", Target = ">= 1x", Outcome = RowOutcome.Fail, OursSeconds = 1, AnchorSeconds = 2, Note = "outputs disagree" },
            new() { Name = "icp", Workload = "w", Target = ">= 1x", Outcome = RowOutcome.Missing, AnchorSeconds = 0.5, Note = "not implemented yet" },
            new() { Name = "edt", Workload = "w", Target = ">= 1x", Outcome = RowOutcome.Met, OursSeconds = 1, AnchorSeconds = 2, Ratio = 2 },
        ];
        string[] lines = ResultsReport.Table(rows).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines.Single(l => l.StartsWith("| cc ", StringComparison.Ordinal)), Does.Contain("FAIL"));
            Assert.That(lines.Single(l => l.StartsWith("| cc ", StringComparison.Ordinal)), Does.Not.Contain("2.00x"));
            Assert.That(lines.Single(l => l.StartsWith("| icp ", StringComparison.Ordinal)), Does.Contain("MISSING").And.Contain("| - |"));
            Assert.That(lines.Single(l => l.StartsWith("| edt ", StringComparison.Ordinal)), Does.Contain("2.00x").And.Contain("met"));
        });
    }

    [Test]
    public void Write_Rows_JsonHasBriefFieldNames()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            var machine = new MachineInfo("cpu", 2, 2, 24, "linux", ".NET", "2026-01-01", "abc", 0.5);
            var options = new BenchOptions { Root = "/tmp" };
            ResultsReport.Write(path, machine, options,
                [new RowResult { Name = "edt", Workload = "w", Target = ">= 1x", Outcome = RowOutcome.Met, OursSeconds = 1, AnchorSeconds = 2, Ratio = 2, OursThreads = 2 }]);
            string json = File.ReadAllText(path);
            Assert.That(json, Does.Contain("\"ours_s\": 1").And.Contain("\"anchor_s\": 2").And.Contain("\"ratio\": 2")
                .And.Contain("\"threads\": 2").And.Contain("\"met\": true").And.Contain("\"commit\": \"abc\""));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
