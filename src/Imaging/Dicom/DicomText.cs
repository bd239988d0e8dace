namespace SurgicalNav.Imaging.Dicom;

/// <summary>Formatting and parsing of DICOM's text value representations (DS, IS, multi-valued strings).</summary>
internal static class DicomText
{
    /// <summary>Trims DICOM padding (trailing spaces and NULs) and leading spaces.</summary>
    public static string Clean(string? value) => value is null ? "" : value.Trim(' ', '\0');

    /// <summary>Parses an IS value; null when empty or not an integer.</summary>
    public static int? ParseInt(string value)
    {
        string first = Clean(value).Split('\\')[0].Trim();
        return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
    }

    /// <summary>Parses a backslash-separated DS value; null when empty or any part is not a number.</summary>
    public static double[]? ParseDoubles(string value)
    {
        string text = Clean(value);
        if (text.Length == 0) return null;
        string[] parts = text.Split('\\');
        var result = new double[parts.Length];
        for (int n = 0; n < parts.Length; n++)
        {
            if (!double.TryParse(parts[n].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result[n])) return null;
        }
        return result;
    }

    /// <summary>Formats a number as a DS value of at most 16 characters, keeping as many digits as fit.</summary>
    public static string FormatDs(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "a DICOM decimal string must be a finite number");
        if (value == 0) return "0";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        for (int digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        return text;
    }

    /// <summary>Formats several numbers as one backslash-separated DS value.</summary>
    public static string FormatDs(params ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (int n = 0; n < values.Length; n++) parts[n] = FormatDs(values[n]);
        return string.Join('\\', parts);
    }
}
