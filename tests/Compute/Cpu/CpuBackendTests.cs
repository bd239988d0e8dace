using SurgicalNav.Compute.Cpu;

namespace SurgicalNav.Compute.Tests.Cpu;

[TestFixture]
public sealed class CpuBackendTests : BackendContractTests
{
    protected override IComputeBackend CreateBackend() => new CpuBackend();

    [Test]
    public void Name_Always_IsCpu() => Assert.That(Backend.Name, Is.EqualTo("cpu"));
}
