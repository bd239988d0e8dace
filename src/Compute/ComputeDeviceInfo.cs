namespace SurgicalNav.Compute;

/// <summary>One OpenCL device found on this machine.</summary>
/// <param name="Name">Device name as the driver reports it, for example "pthread-skylake-avx512-AMD EPYC".</param>
/// <param name="Kind">"gpu", "accelerator", "cpu" or "other".</param>
/// <param name="Platform">OpenCL platform name, for example "Portable Computing Language".</param>
/// <param name="GlobalMemoryBytes">Device global memory in bytes.</param>
/// <param name="MaxAllocationBytes">Largest single buffer the device accepts, in bytes.</param>
public sealed record ComputeDeviceInfo(string Name, string Kind, string Platform, long GlobalMemoryBytes, long MaxAllocationBytes);
