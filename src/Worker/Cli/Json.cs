using System.Text.Json;
using System.Text.Json.Serialization;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>camelCase, indented, enums as strings: the shape scripts read.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
