using System.Text.Json;
using System.Text.Json.Serialization;
using Temporalio.Converters;

namespace CnpgDrTemporal.Workflows;

/// <summary>
/// The payload JSON of every DR client and worker: camelCase names (read case-insensitively) and
/// enums as names. Temporal's own default is <c>new JsonSerializerOptions()</c>, i.e. PascalCase
/// and case-sensitive, which would make <c>--input '{"database":"app"}'</c> bind nothing.
/// </summary>
public static class DrDataConverter
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static DataConverter Instance { get; } = DataConverter.Default with
    {
        PayloadConverter = new DefaultPayloadConverter(JsonOptions),
    };
}
