namespace SurgicalNav.Compute.Tests;

[TestFixture]
[NonParallelizable]
public sealed class ComputeBackendsTests
{
    [Test]
    public void Select_Bogus_ThrowsArgumentExceptionNamingAllowedValues()
    {
        var e = Assert.Throws<ArgumentException>(() => ComputeBackends.Select("bogus", null));

        Assert.That(e!.Message, Does.Contain("bogus").And.Contain("auto, cpu, opencl"));
    }

    [Test]
    public void Select_Cpu_ReturnsCpuAndLogsOneLine()
    {
        var lines = new List<string>();

        using IComputeBackend backend = ComputeBackends.Select("cpu", lines.Add);

        Assert.Multiple(() =>
        {
            Assert.That(backend.Name, Is.EqualTo("cpu"));
            Assert.That(lines, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Select_UpperCaseWithSpaces_IsAccepted()
    {
        using IComputeBackend backend = ComputeBackends.Select(" CPU ", null);

        Assert.That(backend.Name, Is.EqualTo("cpu"));
    }

    [Test]
    public void Select_NullWithEnvironmentCpu_ReturnsCpu()
    {
        string? before = Environment.GetEnvironmentVariable(ComputeBackends.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ComputeBackends.EnvironmentVariable, "cpu");
            using IComputeBackend backend = ComputeBackends.Select(null, null);
            Assert.That(backend.Name, Is.EqualTo("cpu"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ComputeBackends.EnvironmentVariable, before);
        }
    }

    [Test]
    public void Select_NullWithBogusEnvironment_ThrowsNamingTheVariable()
    {
        string? before = Environment.GetEnvironmentVariable(ComputeBackends.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ComputeBackends.EnvironmentVariable, "gpu");
            var e = Assert.Throws<ArgumentException>(() => ComputeBackends.Select(null, null));
            Assert.That(e!.Message, Does.Contain(ComputeBackends.EnvironmentVariable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ComputeBackends.EnvironmentVariable, before);
        }
    }

    [Test]
    public void Select_Auto_PicksOpenClOnlyForAGpuOrAcceleratorAndLogsWhy()
    {
        var lines = new List<string>();

        using IComputeBackend backend = ComputeBackends.Select("auto", lines.Add);

        IReadOnlyList<ComputeDeviceInfo> devices = ComputeBackends.OpenClDevices();
        string expected = devices.Count > 0 && devices[0].Kind != "cpu" ? "opencl" : "cpu";
        Assert.Multiple(() =>
        {
            Assert.That(backend.Name, Is.EqualTo(expected));
            Assert.That(lines, Has.Count.EqualTo(1));
            Assert.That(lines[0], Does.Contain("because"));
        });
    }

    [Test]
    public void Select_OpenClWithoutDevice_ThrowsComputeUnavailableSuggestingCpu()
    {
        if (ComputeBackends.OpenClDevices().Count > 0) Assert.Ignore("an OpenCL device exists here, so this path cannot be reached");

        var e = Assert.Throws<ComputeUnavailableException>(() => ComputeBackends.Select("opencl", null));

        Assert.That(e!.Message, Does.Contain("no OpenCL device was found").And.Contain("pocl-opencl-icd").And.Contain("--device cpu"));
    }

    [Test]
    public void Select_AutoWhenTheProbeFails_TakesTheCpuAndLogsTheProbesReason()
    {
        var lines = new List<string>();

        using IComputeBackend backend = ComputeBackends.Select("auto", lines.Add, () => throw new ComputeUnavailableException("the OpenCL device probe failed (exit 134)"));

        Assert.Multiple(() =>
        {
            Assert.That(backend.Name, Is.EqualTo("cpu"));
            Assert.That(lines, Has.Count.EqualTo(1));
            Assert.That(lines[0], Does.Contain("chosen by auto because the OpenCL device probe failed (exit 134)"));
        });
    }

    [Test]
    public void Select_AutoWithAProbedGpu_TakesOpenClOnlyWhenTheProbeSaysSo()
    {
        var lines = new List<string>();
        var cpuOnly = new ComputeDeviceInfo("pthread", "cpu", "Portable Computing Language", 1L << 34, 1L << 33);

        using IComputeBackend backend = ComputeBackends.Select("auto", lines.Add, () => [cpuOnly]);

        Assert.Multiple(() =>
        {
            Assert.That(backend.Name, Is.EqualTo("cpu"));
            Assert.That(lines[0], Does.Contain("the only OpenCL device is a CPU (pthread)"));
        });
    }
}
