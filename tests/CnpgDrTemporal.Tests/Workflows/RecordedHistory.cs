using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Temporalio.Common;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>
/// One recorded history on disk: <c>&lt;scenario&gt;.json</c> holding
/// <c>{ "workflowId": "cnpg-dr-app-…", "history": { "events": [...] } }</c>. <c>history</c> is Temporal's
/// history JSON unchanged (<see cref="WorkflowHistory.ToJson()"/>, the format of
/// <c>temporal workflow show --output json</c>); the ID sits next to it because replay needs the real
/// workflow ID (<see cref="WorkflowHistory.FromJson"/>) and a workflow may check it, as
/// <c>RecoveryWorkflow</c> does. Files are named by scenario, not by ID: the server tests' IDs carry a
/// random suffix, so a re-run overwrites its scenario instead of adding a file.
/// </summary>
public static class RecordedHistory
{
    public const string WorkflowIdProperty = "workflowId";
    public const string HistoryProperty = "history";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The file a scenario is recorded in; the scenario must be a plain file name.</summary>
    public static string PathFor(string directory, string scenario)
    {
        if (string.IsNullOrWhiteSpace(scenario) || scenario != Path.GetFileName(scenario) || scenario.StartsWith('.') || scenario.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"scenario '{scenario}' is not a plain file name", nameof(scenario));
        }

        return Path.Combine(directory, $"{scenario}.json");
    }

    public static string ToJson(WorkflowHistory history)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(history.Id);
        var file = new JsonObject
        {
            [WorkflowIdProperty] = history.Id,
            [HistoryProperty] = JsonNode.Parse(history.ToJson()),
        };
        return file.ToJsonString(Indented) + "\n";
    }

    /// <param name="source">Named in the error of a file that is not a recorded history.</param>
    public static WorkflowHistory FromJson(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(WorkflowIdProperty, out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString())
            || !root.TryGetProperty(HistoryProperty, out var history) || history.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException(
                $"{source}: not a recorded history: expected {{ \"{WorkflowIdProperty}\": \"<workflow ID>\", \"{HistoryProperty}\": <history JSON> }}; " +
                $"a bare 'temporal workflow show --output json' file has no workflow ID: wrap it, with the run's real ID");
        }

        return WorkflowHistory.FromJson(id.GetString()!, history.GetRawText());
    }

    /// <summary>Writes <paramref name="history"/> as <c>&lt;scenario&gt;.json</c> in <paramref name="directory"/>; returns the file.</summary>
    public static async Task<string> WriteAsync(string directory, string scenario, WorkflowHistory history)
    {
        var file = PathFor(directory, scenario);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(file, ToJson(history));
        return file;
    }

    public static async Task<WorkflowHistory> ReadAsync(string file) =>
        FromJson(await File.ReadAllTextAsync(file), file);
}
