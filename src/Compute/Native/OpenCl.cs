using System.Runtime.InteropServices;

namespace SurgicalNav.Compute.Native;

/// <summary>
/// Raw OpenCL 1.2 entry points with their C names. size_t is nuint, cl_uint uint, cl_int int, cl_ulong and
/// cl_bitfield ulong, and object handles nint (or a SafeHandle where ownership is transferred).
/// Call nothing here unless <see cref="OpenClLibrary.IsLoaded"/> is true.
/// </summary>
internal static unsafe partial class OpenCl
{
    internal const int CL_SUCCESS = 0;
    internal const int CL_DEVICE_NOT_FOUND = -1;
    internal const int CL_MEM_OBJECT_ALLOCATION_FAILURE = -4;
    internal const int CL_OUT_OF_RESOURCES = -5;
    internal const int CL_OUT_OF_HOST_MEMORY = -6;
    internal const int CL_BUILD_PROGRAM_FAILURE = -11;
    internal const int CL_INVALID_BUFFER_SIZE = -61;
    internal const int CL_PLATFORM_NOT_FOUND_KHR = -1001;

    internal const ulong CL_DEVICE_TYPE_CPU = 1 << 1;
    internal const ulong CL_DEVICE_TYPE_GPU = 1 << 2;
    internal const ulong CL_DEVICE_TYPE_ACCELERATOR = 1 << 3;
    internal const ulong CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;

    internal const uint CL_PLATFORM_NAME = 0x0902;
    internal const uint CL_DEVICE_TYPE = 0x1000;
    internal const uint CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    internal const uint CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    internal const uint CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    internal const uint CL_DEVICE_NAME = 0x102B;
    internal const uint CL_DEVICE_AVAILABLE = 0x1027;

    internal const uint CL_PROGRAM_BUILD_LOG = 0x1183;

    internal const ulong CL_MEM_READ_WRITE = 1 << 0;
    internal const ulong CL_MEM_READ_ONLY = 1 << 2;

    internal const uint CL_TRUE = 1;
    internal const uint CL_FALSE = 0;

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clGetPlatformIDs(uint num_entries, nint* platforms, uint* num_platforms);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clGetPlatformInfo(nint platform, uint param_name, nuint param_value_size, void* param_value, nuint* param_value_size_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clGetDeviceIDs(nint platform, ulong device_type, uint num_entries, nint* devices, uint* num_devices);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clGetDeviceInfo(nint device, uint param_name, nuint param_value_size, void* param_value, nuint* param_value_size_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial ClContextHandle clCreateContext(nint* properties, uint num_devices, nint* devices, nint pfn_notify, nint user_data, int* errcode_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial ClCommandQueueHandle clCreateCommandQueue(ClContextHandle context, nint device, ulong properties, int* errcode_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial ClMemHandle clCreateBuffer(ClContextHandle context, ulong flags, nuint size, void* host_ptr, int* errcode_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clEnqueueWriteBuffer(ClCommandQueueHandle command_queue, ClMemHandle buffer, uint blocking_write, nuint offset, nuint size, void* ptr, uint num_events_in_wait_list, nint* event_wait_list, nint* @event);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clEnqueueReadBuffer(ClCommandQueueHandle command_queue, ClMemHandle buffer, uint blocking_read, nuint offset, nuint size, void* ptr, uint num_events_in_wait_list, nint* event_wait_list, nint* @event);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial ClProgramHandle clCreateProgramWithSource(ClContextHandle context, uint count, byte** strings, nuint* lengths, int* errcode_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clBuildProgram(ClProgramHandle program, uint num_devices, nint* device_list, byte* options, nint pfn_notify, nint user_data);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clGetProgramBuildInfo(ClProgramHandle program, nint device, uint param_name, nuint param_value_size, void* param_value, nuint* param_value_size_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial ClKernelHandle clCreateKernel(ClProgramHandle program, byte* kernel_name, int* errcode_ret);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clSetKernelArg(ClKernelHandle kernel, uint arg_index, nuint arg_size, void* arg_value);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clEnqueueNDRangeKernel(ClCommandQueueHandle command_queue, ClKernelHandle kernel, uint work_dim, nuint* global_work_offset, nuint* global_work_size, nuint* local_work_size, uint num_events_in_wait_list, nint* event_wait_list, nint* @event);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clFinish(ClCommandQueueHandle command_queue);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clReleaseContext(nint context);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clReleaseCommandQueue(nint command_queue);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clReleaseMemObject(nint memobj);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clReleaseProgram(nint program);

    [LibraryImport(OpenClLibrary.Name)]
    internal static partial int clReleaseKernel(nint kernel);
}
