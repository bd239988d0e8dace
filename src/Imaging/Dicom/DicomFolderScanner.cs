namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Decides which files under an import path are DICOM candidates: files with "DICM" at byte 128, or named
/// .dcm, .ima, .dicom or with no extension, in the folder and all its subfolders. A DICOMDIR stands for the
/// folder tree it sits in (its records point at files in that tree). Other files are left out and reported.
/// </summary>
internal static class DicomFolderScanner
{
    private static readonly HashSet<string> DicomExtensions = new(StringComparer.OrdinalIgnoreCase) { "", ".dcm", ".ima", ".dicom" };

    /// <summary>Candidate files in a stable (ordinal) order, plus warnings about files left out.</summary>
    public static (IReadOnlyList<string> Candidates, IReadOnlyList<string> Warnings) Scan(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new DicomImportException("no DICOM path was given; pass the folder that holds the series' .dcm files, or one .dcm file");
        }
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && string.Equals(Path.GetFileName(full), "DICOMDIR", StringComparison.OrdinalIgnoreCase))
        {
            full = Path.GetDirectoryName(full)!;
        }
        else if (File.Exists(full))
        {
            return ([full], []);
        }
        if (!Directory.Exists(full))
        {
            throw new DicomImportException(
                $"'{full}' does not exist; check the spelling, or point import at the folder that holds the series' .dcm files");
        }

        var candidates = new List<string>();
        var ignored = new List<string>();
        var recurse = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        foreach (string file in Directory.EnumerateFiles(full, "*", recurse).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(full, file);
            if (string.Equals(Path.GetFileName(file), "DICOMDIR", StringComparison.OrdinalIgnoreCase))
            {
                // The index itself holds no image; the files it lists are in this tree and are read directly.
            }
            else if (DicomExtensions.Contains(Path.GetExtension(file)) || HasDicmPreamble(file))
            {
                candidates.Add(file);
            }
            else
            {
                ignored.Add(name);
            }
        }

        var warnings = new List<string>();
        if (ignored.Count > 0)
        {
            warnings.Add($"ignored {ignored.Count} file(s) in '{full}' that are not DICOM by name or content: {Preview(ignored)}");
        }
        if (candidates.Count == 0)
        {
            bool hasSubfolders = Directory.EnumerateDirectories(full).Any();
            throw new DicomImportException(
                $"no DICOM files in '{full}'" + (ignored.Count > 0 ? $" (found only {Preview(ignored)})" : "")
                + "; point import at the folder that holds the series' .dcm files"
                + (hasSubfolders ? " (subfolders were searched too)" : ""));
        }
        return (candidates, warnings);
    }

    /// <summary>Up to five names, then how many more.</summary>
    public static string Preview(IReadOnlyList<string> names) =>
        names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";

    private static bool HasDicmPreamble(string file)
    {
        try
        {
            // Stat first: opening a FIFO or device would block; those are left to the isolated decoder's timeout.
            var info = new FileInfo(file);
            if (info.Length < 132 || (info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0) return false;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            if (stream.Length < 132) return false;
            Span<byte> magic = stackalloc byte[4];
            stream.Position = 128;
            stream.ReadExactly(magic);
            return magic.SequenceEqual("DICM"u8);
        }
        catch (IOException ex)
        {
            throw new DicomImportException($"'{file}' could not be opened ({ex.Message}); check that it is readable, or move it out of the folder", ex) { FilePath = file };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DicomImportException($"'{file}' is not readable by this user; fix its permissions or move it out of the folder", ex) { FilePath = file };
        }
    }
}
