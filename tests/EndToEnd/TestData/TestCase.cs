namespace SurgicalNav.EndToEnd.Tests.TestData;

/// <summary>Creates the case folder the browser tests serve, with the real pipeline on a small phantom.</summary>
internal static class TestCase
{
    /// <summary>
    /// Runs phantom, import, segment, mesh and plan (the demo without its server) into
    /// <paramref name="caseDirectory"/>, which then holds case.json, anatomy.glb, volume.nrrd and labels.seg.nrrd.
    /// </summary>
    public static void Create(string caseDirectory)
    {
        int exit = SurgicalNav.App.Program.Main(
            ["demo", "--headless", "--json", "--size", "96x96x64", "--seed", "3", "--device", "cpu", "--out", caseDirectory])
            .GetAwaiter().GetResult();
        Assert.That(exit, Is.EqualTo(0), "the demo pipeline failed to build the test case; see the test output");
    }
}
