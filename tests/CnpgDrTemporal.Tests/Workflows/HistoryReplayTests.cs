using CnpgDrTemporal.Tests.Workflows.Server;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Common;
using Temporalio.Worker;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>Every recorded history must replay on today's workflow code: a change that breaks determinism fails here.</summary>
public class HistoryReplayTests
{
    [HistoriesFact]
    public async Task Every_recorded_history_replays_without_nondeterminism()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = DrDataConverter.Instance }.AddWorkflow<RecoveryWorkflow>());
        var files = HistoriesFactAttribute.Files();
        foreach (var file in files)
        {
            var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file));
            var result = await replayer.ReplayWorkflowAsync(history);
            Assert.Null(result.ReplayFailure);
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
