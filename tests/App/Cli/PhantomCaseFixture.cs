namespace SurgicalNav.App.Tests.Cli;

/// <summary>A small phantom case (128x128x96, seed 3, truth seeds) made once per fixture in a temporary folder.</summary>
public abstract class PhantomCaseFixture
{
    private string _work = "";

    /// <summary>The case folder.</summary>
    protected string Case { get; private set; } = "";

    [OneTimeSetUp]
    public void MakeCase()
    {
        _work = CliProcess.TempDir();
        Case = CliProcess.PhantomCase(_work);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);
}
