using System.Reflection;
using System.Runtime.InteropServices;

namespace SurgicalNav.Compute.Native;

/// <summary>
/// Finds libOpenCL once per process and routes every <c>[LibraryImport("OpenCL")]</c> of this assembly to it.
/// When no library loads, <see cref="IsLoaded"/> is false and no OpenCL entry point may be called.
/// </summary>
internal static class OpenClLibrary
{
    /// <summary>The library name used in every <c>[LibraryImport]</c> of <see cref="OpenCl"/>.</summary>
    internal const string Name = "OpenCL";

    private static readonly string[] Candidates = ["libOpenCL.so.1", "libOpenCL.so", "OpenCL", "OpenCL.dll", "/System/Library/Frameworks/OpenCL.framework/OpenCL"];
    private static readonly Lock Gate = new();
    private static bool _initialised;
    private static nint _handle;

    /// <summary>The file name that loaded, or null when none did.</summary>
    internal static string? LoadedName { get; private set; }

    /// <summary>True when an OpenCL ICD loader (or driver) was found and loaded.</summary>
    internal static bool IsLoaded
    {
        get
        {
            EnsureInitialised();
            return _handle != 0;
        }
    }

    private static void EnsureInitialised()
    {
        lock (Gate)
        {
            if (_initialised) return;
            _initialised = true;
            foreach (string candidate in Candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    _handle = handle;
                    LoadedName = candidate;
                    break;
                }
            }
            // Set once per assembly: a second call would throw, so it lives behind the same gate.
            NativeLibrary.SetDllImportResolver(typeof(OpenClLibrary).Assembly, Resolve);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? _handle : 0;
}
