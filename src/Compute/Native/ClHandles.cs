using System.Runtime.InteropServices;

namespace SurgicalNav.Compute.Native;

/// <summary>An OpenCL platform id; platforms are not reference counted, so this is a plain value.</summary>
internal readonly record struct ClPlatformId(nint Value);

/// <summary>An OpenCL root device id; root devices are not reference counted, so this is a plain value.</summary>
internal readonly record struct ClDeviceId(nint Value);

/// <summary>Base for OpenCL objects that are released with a clRelease* call.</summary>
internal abstract class ClHandle : SafeHandle
{
    /// <summary>Creates an empty handle that owns what it will be given.</summary>
    protected ClHandle() : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;
}

/// <summary>A cl_context.</summary>
internal sealed class ClContextHandle : ClHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle() => OpenCl.clReleaseContext(handle) == OpenCl.CL_SUCCESS;
}

/// <summary>A cl_command_queue.</summary>
internal sealed class ClCommandQueueHandle : ClHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle() => OpenCl.clReleaseCommandQueue(handle) == OpenCl.CL_SUCCESS;
}

/// <summary>A cl_mem buffer.</summary>
internal sealed class ClMemHandle : ClHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle() => OpenCl.clReleaseMemObject(handle) == OpenCl.CL_SUCCESS;
}

/// <summary>A cl_program.</summary>
internal sealed class ClProgramHandle : ClHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle() => OpenCl.clReleaseProgram(handle) == OpenCl.CL_SUCCESS;
}

/// <summary>A cl_kernel.</summary>
internal sealed class ClKernelHandle : ClHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle() => OpenCl.clReleaseKernel(handle) == OpenCl.CL_SUCCESS;
}
