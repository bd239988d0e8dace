namespace SurgicalNav.Compute.Native;

/// <summary>An OpenCL call returned an error code; carries the code and the call's C name.</summary>
internal sealed class OpenClException(int code, string call, string? detail = null)
    : Exception($"{call} failed with {OpenClErrors.Name(code)} ({code}){(detail is null ? "" : ": " + detail)}")
{
    /// <summary>The cl_int error code.</summary>
    public int Code { get; } = code;

    /// <summary>True for errors that mean "this device cannot do this job", after which the CPU should take over.</summary>
    public bool IsResourceOrBuildFailure => Code is OpenCl.CL_MEM_OBJECT_ALLOCATION_FAILURE or OpenCl.CL_OUT_OF_RESOURCES
        or OpenCl.CL_OUT_OF_HOST_MEMORY or OpenCl.CL_BUILD_PROGRAM_FAILURE or OpenCl.CL_INVALID_BUFFER_SIZE;
}

/// <summary>Names for the cl_int error codes this project meets.</summary>
internal static class OpenClErrors
{
    /// <summary>The C name of an error code, or "CL error" when it is not one we name.</summary>
    internal static string Name(int code) => code switch
    {
        0 => "CL_SUCCESS",
        -1 => "CL_DEVICE_NOT_FOUND",
        -2 => "CL_DEVICE_NOT_AVAILABLE",
        -3 => "CL_COMPILER_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES",
        -6 => "CL_OUT_OF_HOST_MEMORY",
        -11 => "CL_BUILD_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE",
        -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT",
        -36 => "CL_INVALID_COMMAND_QUEUE",
        -38 => "CL_INVALID_MEM_OBJECT",
        -44 => "CL_INVALID_PROGRAM",
        -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME",
        -48 => "CL_INVALID_KERNEL",
        -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE",
        -52 => "CL_INVALID_KERNEL_ARGS",
        -53 => "CL_INVALID_WORK_DIMENSION",
        -54 => "CL_INVALID_WORK_GROUP_SIZE",
        -61 => "CL_INVALID_BUFFER_SIZE",
        -63 => "CL_INVALID_GLOBAL_WORK_SIZE",
        -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "CL error",
    };
}
