using System.Reflection;
using System.Runtime.InteropServices;

namespace SurgicalNav.Imaging.Native;

/// <summary>
/// Makes GDCM's C# bindings usable: Debian installs their native glue outside the runtime's probing
/// paths, so a resolver maps "gdcmsharpglue" to the installed file. Call <see cref="EnsureLoaded"/>
/// before touching any <c>gdcm</c> type.
/// </summary>
internal static class GdcmLibrary
{
    private const string GlueName = "gdcmsharpglue";
    private const string DebianGluePath = "/usr/lib/cli/gdcm-sharp-3.0/libgdcmsharpglue.so";

    private static readonly Lock Gate = new();
    private static bool _installed;
    private static IntPtr _glueHandle;

    /// <summary>Installs the resolver once and silences GDCM's own stderr chatter; throws when the glue cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref _installed)) return;
        lock (Gate)
        {
            if (_installed) return;
            if (!NativeLibrary.TryLoad(DebianGluePath, out _glueHandle)
                && !NativeLibrary.TryLoad("lib" + GlueName + ".so", typeof(gdcm.ImageReader).Assembly, null, out _glueHandle))
            {
                throw new PlatformNotSupportedException(
                    $"GDCM's C# glue library was not found at '{DebianGluePath}'; install Debian's libgdcm-cil package (apt-get install libgdcm-cil) to read or write DICOM");
            }
            NativeLibrary.SetDllImportResolver(typeof(gdcm.ImageReader).Assembly, Resolve);
            // GDCM reports problems on std::cerr; we turn every failure into an exception that names the file instead.
            gdcm.Trace.DebugOff();
            gdcm.Trace.WarningOff();
            gdcm.Trace.ErrorOff();
            Volatile.Write(ref _installed, true);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == GlueName ? _glueHandle : IntPtr.Zero;
}
