using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Tests.Harness;

public class BenchOptionsTests
{
    [Test]
    public void Parse_Quick_SmallerVolumeFewerRepeats()
    {
        BenchOptions o = BenchOptions.Parse(["--quick"], "/r");
        Assert.Multiple(() =>
        {
            Assert.That(o.Size.Count, Is.LessThan(512L * 512 * 400));
            Assert.That(o.Repeat, Is.EqualTo(2));
        });
    }

    [Test]
    public void Parse_Default_FullPhantomSize() =>
        Assert.That(BenchOptions.Parse([], "/r").Size.ToString(), Is.EqualTo("512x512x400"));

    [Test]
    public void Parse_UnknownDevice_ThrowsNamingChoices() =>
        Assert.That(() => BenchOptions.Parse(["--device", "cuda"], "/r"), Throws.ArgumentException.With.Message.Contains("cpu or opencl"));

    [Test]
    public void Parse_UnknownFlag_ThrowsWithUsage() =>
        Assert.That(() => BenchOptions.Parse(["--fast"], "/r"), Throws.ArgumentException.With.Message.Contains("usage"));
}
