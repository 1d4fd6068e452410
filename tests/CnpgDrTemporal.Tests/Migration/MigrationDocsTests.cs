using System.Text.Json;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Migration;
using CnpgDrTemporal.Workflows.Recovery;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Xunit;

namespace CnpgDrTemporal.Tests.Migration;

/// <summary>Every <c>--input</c> in docs/migrate-backups.md decodes into the type the migration expects, with no unknown field; every signal is shown.</summary>
public partial class MigrationDocsTests
{
    private static readonly Dictionary<string, Type> InputTypes = new(StringComparer.Ordinal)
    {
        ["start MigrateBackupsWorkflow"] = typeof(MigrationInput),
        ["signal approve"] = typeof(Approval),
        ["update Approve"] = typeof(Approval),
        ["signal reject"] = typeof(StopRequest),
        ["signal abort"] = typeof(StopRequest),
        ["signal retry"] = typeof(RetryRequest),
        ["signal revert"] = typeof(RevertRequest),
    };

    public static TheoryData<string> Commands() => [.. DocCommands()];

    [Fact]
    public void The_walkthrough_covers_start_every_signal_and_the_update() =>
        Assert.Equal(InputTypes.Keys.Order(StringComparer.Ordinal), DocCommands().Select(Kind).ToHashSet().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_input_decodes_with_every_field_known(string command)
    {
        Assert.Equal(MigrationInput.WorkflowIdFor("app"), Regex.Match(command, "--workflow-id (\\S+)").Groups[1].Value);
        var json = Input().Match(command).Groups[1].Value;
        var type = InputTypes[Kind(command)];
        var payload = new Payload { Data = ByteString.CopyFromUtf8(json) };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");

        var value = DrDataConverter.Instance.PayloadConverter.ToValue(payload, type);

        var known = JsonSerializer.SerializeToElement(value, type, DrDataConverter.JsonOptions);
        using var doc = JsonDocument.Parse(json);
        AssertKnown(doc.RootElement, known);
        if (value is MigrationInput input)
        {
            Assert.Equal(("app", 0), (input.Database, input.Problems().Count));
        }
    }

    private static void AssertKnown(JsonElement given, JsonElement known)
    {
        foreach (var p in given.EnumerateObject())
        {
            Assert.True(known.TryGetProperty(p.Name, out var k), $"unknown field {p.Name}");
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                AssertKnown(p.Value, k);
            }
        }
    }

    private static IEnumerable<string> DocCommands() =>
        File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "migrate-backups.md"))
            .Where(l => l.StartsWith("temporal workflow ", StringComparison.Ordinal) && l.Contains("--input", StringComparison.Ordinal));

    private static string Kind(string command) =>
        $"{command.Split(' ')[2]} {Regex.Match(command, "--(?:name|type) (\\S+)").Groups[1].Value}";

    [GeneratedRegex("--input '([^']*)'")]
    private static partial Regex Input();
}
