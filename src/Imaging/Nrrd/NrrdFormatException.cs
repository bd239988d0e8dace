namespace SurgicalNav.Imaging.Nrrd;

/// <summary>A NRRD file that cannot be read; the message names the file and what was wrong.</summary>
public sealed class NrrdFormatException(string message, Exception? inner = null) : Exception(message, inner);
