using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Drills;
using CnpgDrTemporal.Workflows.Migration;
using CnpgDrTemporal.Workflows.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Extensions.Hosting;
using Temporalio.Worker;
using Temporalio.Workflows;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>
/// The replay plumbing without a server: the file the export writes keeps the workflow ID, the replay
/// reads it back, and the replayer hosts every workflow the worker does. Without a server no real
/// history exists, so the histories here are hand-built beginnings of a run: started, first workflow
/// task completed, and for the recovery the <c>RecoveryPlan</c> activity that task schedules.
/// </summary>
public sealed class HistoryReplayOfflineTests : IDisposable
{
    private const string TaskQueue = "cnpg-dr";
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"cnpg-dr-histories-{Guid.NewGuid():N}");

    /// <summary>One input per workflow the worker registers: the first activation of each runs on the replayer.</summary>
    private static readonly Dictionary<System.Type, object> SampleInputs = new()
    {
        [typeof(RecoveryWorkflow)] = new RecoveryInput("app"),
        [typeof(DrillWorkflow)] = new DrillInput("app"),
        [typeof(RebuildWorkflow)] = new RebuildInput(Databases: ["app"]),
        [typeof(RebuildDatabaseWorkflow)] = new RebuildDatabaseInput(new RebuildEntry("app", RebuildAction.Recover, "newest lineage has data"), "0123456789abcdef", TimeSpan.FromHours(1)),
        [typeof(MigrateBackupsWorkflow)] = new MigrationInput("app"),
    };

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_export_writes_scenario_json_with_the_workflow_id_and_the_replay_reads_both_back()
    {
        var recorded = RecoveryStartedThenPlanScheduled("cnpg-dr-app");

        var file = await RecordedHistory.WriteAsync(directory, "happy-path", recorded);

        Assert.Equal(Path.Combine(directory, "happy-path.json"), file);
        Assert.Equal([file], Directory.GetFiles(directory));
        using (var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            Assert.Equal("cnpg-dr-app", doc.RootElement.GetProperty(RecordedHistory.WorkflowIdProperty).GetString());
            Assert.Equal(recorded.Events.Count, doc.RootElement.GetProperty(RecordedHistory.HistoryProperty).GetProperty("events").GetArrayLength());
        }

        var read = await RecordedHistory.ReadAsync(file);
        Assert.Equal("cnpg-dr-app", read.Id);
        Assert.Equal(recorded.Events, read.Events);
    }

    [Fact]
    public async Task A_second_export_of_the_same_scenario_replaces_the_file()
    {
        await RecordedHistory.WriteAsync(directory, "happy-path", RecoveryStartedThenPlanScheduled("cnpg-dr-happy-1"));
        var file = await RecordedHistory.WriteAsync(directory, "happy-path", RecoveryStartedThenPlanScheduled("cnpg-dr-happy-2"));

        Assert.Equal([file], Directory.GetFiles(directory));
        Assert.Equal("cnpg-dr-happy-2", (await RecordedHistory.ReadAsync(file)).Id);
    }

    [Fact]
    public void A_bare_history_without_its_workflow_id_is_refused_with_the_reason()
    {
        var bare = RecoveryStartedThenPlanScheduled("cnpg-dr-app").ToJson();

        var refused = Assert.Throws<InvalidDataException>(() => RecordedHistory.FromJson(bare, "bare.json"));

        Assert.Contains("bare.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("workflowId", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../happy-path")]
    [InlineData("sub/happy-path")]
    [InlineData("..")]
    public void A_scenario_name_must_be_a_plain_file_name(string scenario)
    {
        Assert.Throws<ArgumentException>(() => RecordedHistory.PathFor(directory, scenario));
    }

    [Fact]
    public void The_replayer_hosts_every_workflow_the_worker_registers()
    {
        var replayed = Names(HistoryReplayTests.ReplayerOptions().Workflows);

        Assert.Equal(RegisteredByWorker(), replayed);
        Assert.Equal(["DrillWorkflow", "MigrateBackupsWorkflow", "RebuildDatabaseWorkflow", "RebuildWorkflow", "RecoveryWorkflow"], replayed);
        Assert.Same(DrDataConverter.Instance, HistoryReplayTests.ReplayerOptions().DataConverter);
    }

    [Fact]
    public async Task A_recorded_recovery_replays_with_its_workflow_id_and_not_with_its_file_name()
    {
        var file = await RecordedHistory.WriteAsync(directory, "happy-path", RecoveryStartedThenPlanScheduled("cnpg-dr-app"));
        var history = await RecordedHistory.ReadAsync(file);
        var replayer = new WorkflowReplayer(HistoryReplayTests.ReplayerOptions());

        var replayed = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        Assert.True(replayed.ReplayFailure is null, $"{replayed.ReplayFailure}");

        // The old replay test's mistake: the file name as the workflow ID. RecoveryWorkflow refuses an ID
        // other than cnpg-dr-<db> and fails instead of scheduling the plan: nondeterminism against the record.
        var misnamed = await replayer.ReplayWorkflowAsync(history with { Id = Path.GetFileNameWithoutExtension(file) }, throwOnReplayFailure: false);
        var failure = Assert.IsType<WorkflowNondeterminismException>(misnamed.ReplayFailure);
        Assert.Contains("TMPRL1100", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_task_of_every_registered_workflow_replays_from_its_file()
    {
        Assert.Equal(Names(WorkerRegistrations.Workflows), Names(SampleInputs.Keys));
        var replayer = new WorkflowReplayer(HistoryReplayTests.ReplayerOptions());
        foreach (var (type, input) in SampleInputs)
        {
            var name = WorkflowDefinition.Create(type).Name!;
            var file = await RecordedHistory.WriteAsync(directory, name, new WorkflowHistory($"test-{name}", StartedEvents(name, input)));

            var replayed = await replayer.ReplayWorkflowAsync(await RecordedHistory.ReadAsync(file), throwOnReplayFailure: false);

            Assert.True(replayed.ReplayFailure is null, $"{name}: {replayed.ReplayFailure}");
        }

        // Control: a replayer without a workflow fails its history, so the loop above proves each is hosted.
        var recoveryOnly = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = DrDataConverter.Instance }.AddWorkflow<RecoveryWorkflow>());
        var drill = await recoveryOnly.ReplayWorkflowAsync(new WorkflowHistory("test-drill", StartedEvents("DrillWorkflow", SampleInputs[typeof(DrillWorkflow)])), throwOnReplayFailure: false);
        Assert.Contains("DrillWorkflow is not registered", drill.ReplayFailure?.Message, StringComparison.Ordinal);
    }

    private static List<string> RegisteredByWorker()
    {
        var services = new ServiceCollection();
        var builder = new TemporalWorkerServiceOptionsBuilder("replay-test", services).AddDrWorkerRegistrations();
        using var provider = services.BuildServiceProvider();
        return Names(provider.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>().Get(builder.ConfigureOptions().Name).Workflows);
    }

    private static List<string> Names(IEnumerable<WorkflowDefinition> workflows) => [.. workflows.Select(w => w.Name!).Order(StringComparer.Ordinal)];

    private static List<string> Names(IEnumerable<System.Type> workflows) => Names(workflows.Select(WorkflowDefinition.Create));

    /// <summary>A recovery as the server records it up to its first command: the <c>RecoveryPlan</c> activity.</summary>
    private static WorkflowHistory RecoveryStartedThenPlanScheduled(string workflowId)
    {
        var events = StartedEvents(nameof(RecoveryWorkflow), new RecoveryInput("app"));
        events.Add(Event(5, EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = "1",
            ActivityType = new ActivityType { Name = "RecoveryPlan" },
            TaskQueue = new TaskQueue { Name = TaskQueue },
            WorkflowTaskCompletedEventId = 4,
        }));
        return new WorkflowHistory(workflowId, events);
    }

    /// <summary>Started, first workflow task completed: the replayer runs the workflow's first activation as a replay.</summary>
    private static List<HistoryEvent> StartedEvents(string workflowType, object input) =>
    [
        Event(1, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = TaskQueue },
            Input = new Payloads { Payloads_ = { DrDataConverter.Instance.PayloadConverter.ToPayload(input) } },
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            OriginalExecutionRunId = "00000000-0000-0000-0000-000000000001",
            FirstExecutionRunId = "00000000-0000-0000-0000-000000000001",
            Attempt = 1,
        }),
        Event(2, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = new TaskQueue { Name = TaskQueue },
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        }),
        Event(3, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new() { ScheduledEventId = 2 }),
        Event(4, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new() { ScheduledEventId = 2, StartedEventId = 3 }),
    ];

    private static HistoryEvent Event(long id, EventType type, Action<HistoryEvent> attributes)
    {
        var e = new HistoryEvent { EventId = id, EventType = type, EventTime = Timestamp.FromDateTime(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddSeconds(id)) };
        attributes(e);
        return e;
    }
}
