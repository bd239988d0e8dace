using SurgicalNav.Compute.OpenCl;

namespace SurgicalNav.Compute.Tests.OpenCl;

/// <summary>The bioheat contract on the preferred OpenCL device (PoCL in CI); a CPU fallback fails the test.</summary>
[TestFixture]
public sealed class OpenClBioheatTests : BioheatContractTests
{
    private readonly List<string> _warnings = [];

    protected override IComputeBackend CreateBackend()
    {
        if (OpenClBackend.Devices().Count > 0) return OpenClBackend.Create(_warnings.Add);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail("OpenCL is required in CI but " + OpenClBackend.NoDeviceMessage);
        Assert.Ignore("skipped: " + OpenClBackend.NoDeviceMessage);
        return null!;
    }

    [TearDown]
    public void NoFallbackHappened() => Assert.That(_warnings, Is.Empty, "the OpenCL backend fell back to the CPU");
}
