using System.Text.Json;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>`devices` and the out-of-process probe that <c>--device auto</c> uses: both must see what OpenCL sees here.</summary>
[TestFixture]
public class DevicesCommandTests
{
    [Test]
    public void DevicesJson_ListsTheSameDevicesAsOpenClInThisProcess()
    {
        IReadOnlyList<ComputeDeviceInfo> here = ComputeBackends.OpenClDevices();

        CliProcess.Result r = CliProcess.Run("devices", "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        string[] names = json.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray();
        string[] kinds = json.RootElement.EnumerateArray().Select(d => d.GetProperty("kind").GetString()!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(here.Select(d => d.Name).ToArray()));
            Assert.That(kinds, Is.EqualTo(here.Select(d => d.Kind).ToArray()));
        });
    }

    [Test]
    public void DevicesText_NamesEachDeviceOrSaysHowToGetOne()
    {
        IReadOnlyList<ComputeDeviceInfo> here = ComputeBackends.OpenClDevices();

        CliProcess.Result r = CliProcess.Run("devices");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        if (here.Count == 0) Assert.That(r.StdOut + r.StdErr, Does.Contain("pocl-opencl-icd"));
        foreach (ComputeDeviceInfo d in here) Assert.That(r.StdOut, Does.Contain(d.Name).And.Contain(d.Kind));
    }

    [Test]
    public void OutOfProcessProbe_ReturnsWhatOpenClSeesWithoutLoadingIt()
    {
        IReadOnlyList<ComputeDeviceInfo> probed = DeviceProbe.OutOfProcess();

        Assert.That(probed, Is.EqualTo(ComputeBackends.OpenClDevices()));
    }

    [Test]
    public void OutOfProcessProbe_ThatTimesOut_ThrowsComputeUnavailableNamingTheWayOut()
    {
        TimeSpan before = DeviceProbe.Timeout;
        DeviceProbe.Timeout = TimeSpan.FromMilliseconds(1);
        try
        {
            var e = Assert.Throws<ComputeUnavailableException>(() => DeviceProbe.OutOfProcess());

            Assert.That(e!.Message, Does.Contain("did not list its devices").And.Contain("--device cpu"));
        }
        finally
        {
            DeviceProbe.Timeout = before;
        }
    }
}
