using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim.Controllers;

/// <summary>A Cluster with <c>bootstrap.recovery</c> was just created (what a custom recovery log source gets).</summary>
public sealed record ClusterCreated(string Namespace, string Name, JsonObject Cluster);

/// <summary>One run of the full-recovery Job's pod: its log lines and how it ends.</summary>
public sealed record RecoveryAttempt(IReadOnlyList<string> Lines, bool Succeeds);

public enum BackupBehaviour
{
    Complete,
    Fail,
    Never,
}

/// <summary>
/// The CNPG operator, scripted: a new Cluster with <c>bootstrap.recovery</c> gets one full-recovery pod per
/// <see cref="Attempts"/> entry (the Job retrying) streaming its lines; after a successful attempt the Cluster
/// becomes healthy, Ready and (optionally) ContinuousArchiving. A Cluster without recovery comes up healthy
/// (an initdb). Backups complete or fail. Clusters created with a status (seeded) are left alone.
/// </summary>
public sealed class CnpgController(KubeSimServer sim) : SimController(sim, ResourceType.Clusters, ResourceType.Backups)
{
    private readonly DateTimeOffset origin = DateTimeOffset.UtcNow;
    private int pods;

    public IReadOnlyList<RecoveryAttempt> Attempts { get; set; } = [RecoveryScripts.Success(3)];

    /// <summary>Hook for end-to-end tests: the lines of a single recovery pod come from here (e.g. a real local
    /// restore). The attempt succeeds unless a line carries the FATAL target or the empty-archive error.</summary>
    public Func<ClusterCreated, IAsyncEnumerable<string>>? RecoveryLogSource { get; set; }

    /// <summary>False: the operator never starts the recovery Job (no pod appears).</summary>
    public bool CreateRecoveryPods { get; set; } = true;

    public bool ArchivingAfterRecovery { get; set; } = true;

    public BackupBehaviour Backups { get; set; } = BackupBehaviour.Complete;

    /// <summary>When set, a spec change of a running Cluster (a sync of new backup settings) is observed and
    /// ContinuousArchiving becomes this value; null leaves running Clusters alone.</summary>
    public bool? ArchivingAfterSpecChange { get; set; }

    public List<string> RecoveryPods { get; } = [];

    protected override Task ReactAsync(StoreEvent e)
    {
        if (e.Type == "MODIFIED" && e.Resource == ResourceType.Clusters && ArchivingAfterSpecChange is { } archiving)
        {
            ObserveSpec(KeyOf(e), e.Object, archiving);
        }

        if (e.Type != "ADDED" || e.Object["status"] is not null)
        {
            return Task.CompletedTask;
        }

        var key = KeyOf(e);
        if (e.Resource == ResourceType.Backups)
        {
            CompleteBackup(key);
        }
        else if (e.Object["spec"]?["bootstrap"]?["recovery"] is JsonObject)
        {
            SetStatus(key, "Setting up primary", ready: false, archiving: false);
            if (CreateRecoveryPods)
            {
                RunInBackground(() => RecoverAsync(key, e.Object));
            }
        }
        else
        {
            SetStatus(key, "Cluster in healthy state", ready: true, archiving: ArchivingAfterRecovery);
        }

        return Task.CompletedTask;
    }

    private async Task RecoverAsync(ObjectKey cluster, JsonObject created)
    {
        var attempts = RecoveryLogSource is { } source
            ? [new RecoveryAttempt([], true)]
            : Attempts;
        foreach (var attempt in attempts)
        {
            var pod = CreatePod(cluster);
            var log = Sim.Logs.For(cluster.Namespace, pod.Name);
            var succeeded = attempt.Succeeds;
            if (RecoveryLogSource is { } hook)
            {
                await foreach (var line in hook(new ClusterCreated(cluster.Namespace, cluster.Name, created)).WithCancellation(Stopping).ConfigureAwait(false))
                {
                    log.Append(line);
                    succeeded &= !line.Contains("recovery ended before configured recovery target was reached", StringComparison.Ordinal) &&
                        !line.Contains("Expected empty archive", StringComparison.Ordinal);
                }
            }
            else
            {
                foreach (var line in attempt.Lines)
                {
                    log.Append(line);
                }
            }

            log.End();
            Store.Update(pod, p =>
            {
                p["status"] = new JsonObject { ["phase"] = succeeded ? "Succeeded" : "Failed" };
                return p;
            });
            if (succeeded)
            {
                SetStatus(cluster, "Cluster in healthy state", ready: true, archiving: ArchivingAfterRecovery);
                return;
            }
        }
    }

    private ObjectKey CreatePod(ObjectKey cluster)
    {
        var n = Interlocked.Increment(ref pods);
        var name = $"{cluster.Name}-1-full-recovery-{(char)('a' + n - 1)}{n}x";
        Store.Create(ResourceType.Pods, cluster.Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["creationTimestamp"] = SimClock.Format(origin.AddSeconds(n)),
                ["labels"] = new JsonObject
                {
                    ["cnpg.io/cluster"] = cluster.Name,
                    ["cnpg.io/jobRole"] = "full-recovery",
                    ["job-name"] = $"{cluster.Name}-1-full-recovery",
                },
            },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        });
        lock (RecoveryPods)
        {
            RecoveryPods.Add(name);
        }

        return new ObjectKey(ResourceType.Pods, cluster.Namespace, name);
    }

    private void SetStatus(ObjectKey cluster, string phase, bool ready, bool archiving) =>
        Store.Update(cluster, c =>
        {
            c["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["conditions"] = new JsonArray(
                    Condition("Ready", ready),
                    Condition("ContinuousArchiving", archiving)),
            };
            return c;
        });

    /// <summary>A new generation of a running Cluster: observed once, with the archiving condition it leads to.</summary>
    private void ObserveSpec(ObjectKey cluster, JsonObject seen, bool archiving)
    {
        var generation = seen["metadata"]?["generation"]?.ToJsonString();
        if (seen["status"] is not JsonObject status || generation is null || status["observedGeneration"]?.ToJsonString() == generation)
        {
            return;
        }

        Store.Update(cluster, c =>
        {
            var now = (JsonObject)c["status"]!;
            now["observedGeneration"] = JsonNode.Parse(generation);
            var kept = (now["conditions"] as JsonArray)?.OfType<JsonObject>().Where(x => x["type"]?.GetValue<string>() != "ContinuousArchiving").Select(x => (JsonNode)x.DeepClone()) ?? [];
            now["conditions"] = new JsonArray([.. kept, Condition("ContinuousArchiving", archiving)]);
            return c;
        });
    }

    private void CompleteBackup(ObjectKey backup)
    {
        if (Backups == BackupBehaviour.Never)
        {
            return;
        }

        Store.Update(backup, b =>
        {
            b["status"] = new JsonObject { ["phase"] = "running" };
            return b;
        });
        Store.Update(backup, b =>
        {
            b["status"] = Backups == BackupBehaviour.Complete
                ? new JsonObject { ["phase"] = "completed", ["backupId"] = "20260801T000000", ["method"] = b["spec"]?["method"]?.DeepClone() }
                : new JsonObject { ["phase"] = "failed", ["error"] = "can't upload: AccessDenied" };
            return b;
        });
    }

    private static JsonObject Condition(string type, bool value) => new()
    {
        ["type"] = type,
        ["status"] = value ? "True" : "False",
        ["reason"] = value ? type : "Pending",
        ["message"] = value ? "ok" : "not yet",
    };
}

/// <summary>Log scripts shaped like CNPG's: JSON instance-manager lines with Postgres records, and plain lines.</summary>
public static class RecoveryScripts
{
    public static RecoveryAttempt Success(int walFiles) => new(
        [
            Plain("Starting the full-recovery job"),
            .. Enumerable.Range(1, walFiles).Select(i => Record("LOG", $"restored log file \"0000000200000000000000{i:X2}\" from archive")),
            Record("LOG", "consistent recovery state reached at 0/5000100"),
            Record("LOG", "redo done at 0/5000160 system usage: CPU: user: 0.01 s"),
            Plain("recovery completed"),
        ],
        true);

    public static RecoveryAttempt Fatal(int walFiles) => new(
        [
            .. Enumerable.Range(1, walFiles).Select(i => Record("LOG", $"restored log file \"0000000100000000000000{i:X2}\" from archive")),
            Record("LOG", "redo done at 0/E000060 system usage: CPU: user: 0.01 s"),
            Record("FATAL", "recovery ended before configured recovery target was reached"),
        ],
        false);

    public static RecoveryAttempt EmptyArchive() => new(
        [
            Plain("Starting the full-recovery job"),
            """{"level":"error","ts":"2026-08-01T00:00:00Z","msg":"while bootstrapping","error":"ERROR: WAL archive check failed for server app-database-v1: Expected empty archive","logger":"instance-manager"}""",
        ],
        false);

    /// <summary>A transient failure (object store unreachable): the Job retries with a new pod.</summary>
    public static RecoveryAttempt Transient() => new(
        [Record("LOG", "restored log file \"000000010000000000000001\" from archive"), Plain("error: could not connect to the object store: i/o timeout")],
        false);

    public static string Record(string severity, string message) =>
        new JsonObject
        {
            ["level"] = "info",
            ["ts"] = "2026-08-01T00:00:00Z",
            ["logger"] = "postgres",
            ["msg"] = "record",
            ["record"] = new JsonObject { ["error_severity"] = severity, ["message"] = message },
        }.ToJsonString();

    public static string Plain(string message) => message;
}
