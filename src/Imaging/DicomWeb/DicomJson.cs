using System.Text.Json;

namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>Reads attributes from the DICOM JSON model (PS3.18 F.2): {"0020000D": {"vr": "UI", "Value": ["1.2..."]}}.</summary>
internal static class DicomJson
{
    /// <summary>The first value of a tag as text: strings as they are, numbers invariant, person names by their Alphabetic group; "" when absent.</summary>
    public static string Text(JsonElement dataset, string tag)
    {
        if (dataset.ValueKind != JsonValueKind.Object || !dataset.TryGetProperty(tag, out JsonElement attribute)) return "";
        if (attribute.ValueKind != JsonValueKind.Object || !attribute.TryGetProperty("Value", out JsonElement values)) return "";
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0) return "";
        return string.Join("\\", values.EnumerateArray().Select(ValueText));
    }

    /// <summary>The first value of a tag as an integer, or null when absent or not a number.</summary>
    public static int? Int(JsonElement dataset, string tag) =>
        int.TryParse(Text(dataset, tag).Split('\\')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>Every value of a tag (for multi-valued attributes such as ModalitiesInStudy).</summary>
    public static IReadOnlyList<string> Values(JsonElement dataset, string tag)
    {
        string text = Text(dataset, tag);
        return text.Length == 0 ? [] : text.Split('\\');
    }

    private static string ValueText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.Object => v.TryGetProperty("Alphabetic", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "",
        _ => "",
    };
}
