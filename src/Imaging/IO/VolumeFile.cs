using SurgicalNav.Imaging.Nifti;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.Imaging.IO;

/// <summary>
/// One front door for volume files, chosen by extension: NRRD (<c>.nrrd</c>, <c>.nhdr</c>, <c>.seg.nrrd</c>) and NIfTI-1
/// (<c>.nii</c>, <c>.nii.gz</c>). Geometry is always patient LPS mm in memory, whatever frame the file uses.
/// </summary>
public static class VolumeFile
{
    // Reading treats any name that is not .nii/.nii.gz as NRRD (whose reader names what is wrong); writing insists on a known extension.
    /// <summary>The extensions a volume path may end in, for messages.</summary>
    public const string Extensions = ".nrrd, .nii or .nii.gz";

    /// <summary>Reads a volume of type <typeparamref name="T"/>; values convert as the format's reader allows (see <see cref="NrrdFile.Read{T}"/> and <see cref="NiftiFile.Read{T}(string)"/>).</summary>
    public static Volume<T> Read<T>(string path) where T : unmanaged =>
        NiftiFile.IsNiftiPath(path) ? NiftiFile.Read<T>(path).Volume : NrrdFile.Read<T>(path).Volume;

    /// <summary>Reads only the geometry (patient LPS mm) from the file's header.</summary>
    public static ImageGeometry ReadGeometry(string path) =>
        NiftiFile.IsNiftiPath(path) ? NiftiFile.ReadHeader(path).Geometry : NrrdFile.ReadHeader(path).Geometry;

    /// <summary>Writes a volume atomically in the format its extension names (.nii.gz is gzip-compressed NIfTI, .nrrd raw NRRD).</summary>
    public static void Write<T>(string path, Volume<T> volume) where T : unmanaged
    {
        if (Kind(path) == VolumeFormat.Nifti) NiftiFile.Write(path, volume);
        else NrrdFile.Write(path, volume);
    }

    /// <summary>The format a path names by its extension; throws <see cref="ArgumentException"/> with the accepted extensions when it names none.</summary>
    public static VolumeFormat Kind(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (NiftiFile.IsNiftiPath(path)) return VolumeFormat.Nifti;
        if (path.EndsWith(".nrrd", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nhdr", StringComparison.OrdinalIgnoreCase)) return VolumeFormat.Nrrd;
        throw new ArgumentException($"'{path}' is not a volume file name: use {Extensions} (the extension picks the format)", nameof(path));
    }
}
