using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurgicalNav.Imaging.Json;

/// <summary>The one set of JSON options used for files, the CLI's --json output and the web API.</summary>
public static class NavJson
{
    /// <summary>camelCase names, points as [x,y,z], indented for files people read.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>As <see cref="Options"/> but on one line, for streaming.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new Vec3JsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
