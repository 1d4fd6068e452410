using System.Text.Json;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>Every <c>--input</c> in docs/workflow.md decodes, through the worker's converter, into the type the workflow expects, with no unknown field.</summary>
public partial class WorkflowDocsTests
{
    private static readonly Dictionary<string, Type> InputTypes = new(StringComparer.Ordinal)
    {
        ["start RecoveryWorkflow"] = typeof(RecoveryInput),
        ["signal approve"] = typeof(Approval),
        ["update Approve"] = typeof(Approval),
        ["signal reject"] = typeof(StopRequest),
        ["signal abort"] = typeof(StopRequest),
        ["signal retarget"] = typeof(RetargetRequest),
        ["signal retry"] = typeof(RetryRequest),
    };

    public static TheoryData<string> Commands() => [.. DocCommands()];

    private static IEnumerable<string> DocCommands() =>
        File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "workflow.md"))
            .Where(l => l.StartsWith("temporal workflow ", StringComparison.Ordinal) && l.Contains("--input", StringComparison.Ordinal));

    [Fact]
    public void The_walkthrough_covers_start_every_signal_and_the_update()
    {
        var kinds = DocCommands().Select(Kind).ToHashSet();

        Assert.Equal(InputTypes.Keys.Order(StringComparer.Ordinal), kinds.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_input_decodes_with_every_field_known(string command)
    {
        var match = Input().Match(command);
        Assert.True(match.Success, command);
        Assert.Equal("cnpg-dr-app", WorkflowId().Match(command).Groups[1].Value);
        var json = match.Groups[1].Value;
        var type = InputTypes[Kind(command)];

        var payload = new Payload { Data = ByteString.CopyFromUtf8(json) };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
        var value = DrDataConverter.Instance.PayloadConverter.ToValue(payload, type);

        var known = JsonSerializer.SerializeToElement(value, type, DrDataConverter.JsonOptions).EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, known));
        if (value is RecoveryInput input)
        {
            Assert.Empty(input.Problems());
            Assert.Equal("app", input.Database);
        }
    }

    [Fact]
    public void The_status_fields_and_the_progress_fields_are_all_documented()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "workflow.md"));
        var fields = typeof(RecoveryStatus).GetProperties().Concat(typeof(CnpgDrTemporal.Activities.Cnpg.RecoveryProgress).GetProperties())
            .Where(p => p.CanWrite)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToList();
        Assert.All(fields, f => Assert.Contains($"`{f}`", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void Temporal_default_converter_would_not_read_the_camel_case_input()
    {
        var payload = new Payload { Data = ByteString.CopyFromUtf8("""{"database":"app","pushMode":"ReviewBranch","approvalTimeout":"04:00:00"}""") };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");

        var ours = (RecoveryInput)DrDataConverter.Instance.PayloadConverter.ToValue(payload, typeof(RecoveryInput))!;
        Assert.Equal(("app", CnpgDrTemporal.Activities.Git.PushMode.ReviewBranch, TimeSpan.FromHours(4)), (ours.Database, ours.PushMode, ours.ApprovalTimeout!.Value));
        Assert.Null(((RecoveryInput)Temporalio.Converters.DataConverter.Default.PayloadConverter.ToValue(payload, typeof(RecoveryInput))!).Database);
    }

    private static string Kind(string command)
    {
        var words = command.Split(' ');
        var verb = words[2] == "update" ? "update" : words[2];
        var name = Regex.Match(command, "--(?:name|type) (\\S+)").Groups[1].Value;
        return $"{verb} {name}";
    }

    [GeneratedRegex("--input '([^']*)'")]
    private static partial Regex Input();

    [GeneratedRegex("--workflow-id (\\S+)")]
    private static partial Regex WorkflowId();
}
