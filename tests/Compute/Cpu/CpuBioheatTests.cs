using SurgicalNav.Compute.Cpu;

namespace SurgicalNav.Compute.Tests.Cpu;

[TestFixture]
public sealed class CpuBioheatTests : BioheatContractTests
{
    protected override IComputeBackend CreateBackend() => new CpuBackend();
}
