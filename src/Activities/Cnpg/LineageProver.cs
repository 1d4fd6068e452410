using CnpgDrTemporal.Activities.Kubernetes;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>
/// The new lineage is proven when a first Backup completed on it with archiving on. <see cref="Proven"/>
/// is false when the Cluster writes to another lineage than the one the plan named.
/// </summary>
public sealed record LineageProof(bool Proven, string BackupName, string Method, string? BackupId, string? WriteLineage, string Detail);

/// <summary>Heartbeat details of the lineage proof: the Backup already requested, so a retry does not take a second one.</summary>
public sealed record LineageProofProgress(string? BackupName, bool Archiving);

/// <summary>
/// Step 9: the recovered Cluster writes a lineage of its own: <c>ContinuousArchiving=True</c>, then a
/// first Backup (plugin or barmanObjectStore, like the Cluster's own backup section) reaches <c>completed</c>.
/// </summary>
public sealed class LineageProver(KubeApi api)
{
    public async Task<LineageProof> RunAsync(ClusterRef cluster, string? nextLineage, string? backupName, CancellationToken ct)
    {
        var options = api.Options;
        var live = await api.GetRequiredAsync(Crd.Cluster, cluster.Namespace, cluster.Name, ct).ConfigureAwait(false);
        var method = ClusterShape.BackupMethod(live, options.BarmanPluginName)
            ?? throw ClusterFailures.NonRetryable(ClusterFailureTypes.GuardRefused, $"Cluster {cluster} has no backup configuration (spec.backup.barmanObjectStore or plugin {options.BarmanPluginName}): there is no lineage to prove");
        var lineage = ClusterShape.WriteLineage(live, options.BarmanPluginName);

        var resumed = await Heartbeats<LineageProofProgress>.ResumeAsync().ConfigureAwait(false);
        await using var beats = new Heartbeats<LineageProofProgress>(resumed ?? new LineageProofProgress(null, false), options.HeartbeatInterval);
        var signal = new ChangeSignal();
        await using (var clusters = await api.WatchAsync(api.CrdSource(Crd.Cluster, cluster.Namespace, cluster.Name), signal, ct).ConfigureAwait(false))
        {
            JsonObject? seen = live;
            var deadline = new Deadline(options.ContinuousArchivingTimeout);
            await Waits.UntilAsync(
                signal,
                deadline,
                options.HeartbeatInterval,
                () =>
                {
                    seen = clusters.Items.FirstOrDefault() ?? throw new DrException($"Cluster {cluster} disappeared while waiting for {CnpgNames.ContinuousArchivingCondition}");
                    return seen.ConditionIsTrue(CnpgNames.ContinuousArchivingCondition) ? seen : null;
                },
                () => new DrException($"Cluster {cluster} did not reach {CnpgNames.ContinuousArchivingCondition}=True within {Waits.Format(deadline.Budget)}: {seen.DescribeCondition(CnpgNames.ContinuousArchivingCondition)} (write lineage {lineage ?? "-"})"),
                ct).ConfigureAwait(false);
        }

        var name = beats.Latest.BackupName ?? backupName ?? $"{cluster.Name}-lineage-{DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        beats.Report(new LineageProofProgress(name, true));
        await CreateOnceAsync(cluster, name, method, ct).ConfigureAwait(false);

        await using var backups = await api.WatchAsync(api.CrdSource(Crd.Backup, cluster.Namespace, name), signal, ct).ConfigureAwait(false);
        JsonObject? backup = null;
        var backupDeadline = new Deadline(options.BackupTimeout);
        var done = await Waits.UntilAsync(
            signal,
            backupDeadline,
            options.HeartbeatInterval,
            () =>
            {
                backup = backups.Items.FirstOrDefault() ?? throw new DrException($"{Crd.Backup.Describe(cluster.Namespace, name)} disappeared before completing");
                return backup.Str("status", "phase") switch
                {
                    CnpgNames.BackupCompleted => backup,
                    CnpgNames.BackupFailed => throw ClusterFailures.NonRetryable(ClusterFailureTypes.BackupFailed,
                        $"first backup {name} of the new lineage {lineage ?? "-"} failed: {backup.Str("status", "error") ?? "no error reported"}", name),
                    _ => null,
                };
            },
            () => new DrException($"{Crd.Backup.Describe(cluster.Namespace, name)} not completed within {Waits.Format(backupDeadline.Budget)}: phase '{backup.Str("status", "phase") ?? "-"}'"),
            ct).ConfigureAwait(false);

        var proven = lineage is null || nextLineage is null || lineage == nextLineage;
        var detail = proven
            ? $"backup {name} ({method}) completed on {lineage ?? nextLineage}"
            : $"backup {name} ({method}) completed on {lineage}, but the plan named {nextLineage}";
        return new LineageProof(proven, name, method, done.Str("status", "backupId"), lineage, detail);
    }

    private async Task CreateOnceAsync(ClusterRef cluster, string name, string method, CancellationToken ct)
    {
        try
        {
            await api.CreateAsync(Crd.Backup, cluster.Namespace, BackupFor(cluster, name, method, api.Options.BarmanPluginName), ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            var existing = await api.GetRequiredAsync(Crd.Backup, cluster.Namespace, name, ct).ConfigureAwait(false);
            if (existing.Str("spec", "cluster", "name") != cluster.Name)
            {
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.GuardRefused, $"{Crd.Backup.Describe(cluster.Namespace, name)} already exists for Cluster {existing.Str("spec", "cluster", "name")}, not {cluster.Name}: choose another backup name");
            }
        }
    }

    public static JsonObject BackupFor(ClusterRef cluster, string name, string method, string pluginName)
    {
        var spec = new JsonObject
        {
            ["cluster"] = new JsonObject { ["name"] = cluster.Name },
            ["method"] = method,
        };
        if (method == CnpgNames.PluginMethod)
        {
            spec["pluginConfiguration"] = new JsonObject { ["name"] = pluginName };
        }

        return new JsonObject
        {
            ["apiVersion"] = Crd.Backup.ApiVersion,
            ["kind"] = Crd.Backup.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = cluster.Namespace,
                ["labels"] = new JsonObject { [CnpgNames.ClusterLabel] = cluster.Name, [CnpgNames.ProofBackupLabel] = "true" },
            },
            ["spec"] = spec,
        };
    }
}
