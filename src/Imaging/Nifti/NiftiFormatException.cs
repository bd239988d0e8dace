namespace SurgicalNav.Imaging.Nifti;

/// <summary>A NIfTI-1 file that cannot be read or written; the message names the file, what was wrong and what to do.</summary>
public sealed class NiftiFormatException(string message, Exception? inner = null) : Exception(message, inner);
