using CnpgDrTemporal.Tests.Workflows.Server;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Workflows;
using Temporalio.Worker;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>Every recorded history must replay on today's workflow code: a change that breaks determinism fails here.</summary>
public class HistoryReplayTests
{
    /// <summary>The replayer as the worker runs the workflows: every workflow type it registers, its payload converter.</summary>
    public static WorkflowReplayerOptions ReplayerOptions()
    {
        var options = new WorkflowReplayerOptions { DataConverter = DrDataConverter.Instance };
        foreach (var workflow in WorkerRegistrations.Workflows)
        {
            options.AddWorkflow(workflow);
        }

        return options;
    }

    [HistoriesFact]
    public async Task Every_recorded_history_replays_without_nondeterminism()
    {
        var replayer = new WorkflowReplayer(ReplayerOptions());
        var files = HistoriesFactAttribute.Files();
        foreach (var file in files)
        {
            var history = await RecordedHistory.ReadAsync(file);
            var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            Assert.True(result.ReplayFailure is null, $"{Path.GetFileName(file)} (workflow ID {history.Id}) does not replay on today's code: {result.ReplayFailure}");
        }

        Assert.NotEmpty(files);
    }
}

/// <summary>Skipped, saying so, while the histories folder holds no recorded history.</summary>
public sealed class HistoriesFactAttribute : FactAttribute
{
    public HistoriesFactAttribute()
    {
        if (Files().Count == 0)
        {
            Skip = $"no recorded histories (*.json) in {LocalTemporalFixture.HistoriesDirectory}: run the [TemporalFact] server tests with TEMPORAL_CLI_PATH set to record them";
        }
    }

    public static IReadOnlyList<string> Files() =>
        Directory.Exists(LocalTemporalFixture.HistoriesDirectory)
            ? [.. Directory.GetFiles(LocalTemporalFixture.HistoriesDirectory, "*.json").Order(StringComparer.Ordinal)]
            : [];
}
