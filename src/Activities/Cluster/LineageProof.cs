using System.Globalization;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>Heartbeat details of the lineage proof: the Backup already requested, so a retry does not take a second one.</summary>
public sealed record LineageProofProgress(string? BackupName, bool Archiving);

/// <summary>
/// Step 9: the recovered Cluster writes a lineage of its own: <c>ContinuousArchiving=True</c>, then a
/// first Backup (plugin or barmanObjectStore, like the Cluster's own backup section) reaches <c>completed</c>.
/// </summary>
public sealed class LineageProof(KubeApi api)
{
    public async Task<LineageProofResult> RunAsync(LineageProofRequest request, CancellationToken ct)
    {
        var cluster = request.Cluster;
        var options = api.Options;
        var live = await api.GetRequiredAsync(Crd.Cluster, cluster.Namespace, cluster.Name, ct).ConfigureAwait(false);
        var method = ClusterShape.BackupMethod(live, options.BarmanPluginName)
            ?? throw new DrException($"Cluster {cluster} has no backup configuration (spec.backup.barmanObjectStore or plugin {options.BarmanPluginName}): there is no lineage to prove");
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
                    seen = clusters.Items.FirstOrDefault() ?? throw new DrException($"Cluster {cluster} disappeared while waiting for {Cnpg.ContinuousArchivingCondition}");
                    return seen.ConditionIsTrue(Cnpg.ContinuousArchivingCondition) ? seen : null;
                },
                () => new DrException($"Cluster {cluster} did not reach {Cnpg.ContinuousArchivingCondition}=True within {Waits.Format(deadline.Budget)}: {seen.DescribeCondition(Cnpg.ContinuousArchivingCondition)} (write lineage {lineage ?? "-"})"),
                ct).ConfigureAwait(false);
        }

        var name = beats.Latest.BackupName ?? request.BackupName ?? $"{cluster.Name}-lineage-{DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
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
                    Cnpg.BackupCompleted => backup,
                    Cnpg.BackupFailed => throw ClusterFailures.NonRetryable(ClusterFailureTypes.BackupFailed,
                        $"first backup {name} of the new lineage {lineage ?? "-"} failed: {backup.Str("status", "error") ?? "no error reported"}", name),
                    _ => null,
                };
            },
            () => new DrException($"{Crd.Backup.Describe(cluster.Namespace, name)} not completed within {Waits.Format(backupDeadline.Budget)}: phase '{backup.Str("status", "phase") ?? "-"}'"),
            ct).ConfigureAwait(false);

        return new LineageProofResult(name, method, done.Str("status", "backupId"), lineage);
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
                throw new DrException($"{Crd.Backup.Describe(cluster.Namespace, name)} already exists for Cluster {existing.Str("spec", "cluster", "name")}, not {cluster.Name}: choose another backup name", e);
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
        if (method == Cnpg.PluginMethod)
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
                ["labels"] = new JsonObject { [Cnpg.ClusterLabel] = cluster.Name, [Cnpg.ProofBackupLabel] = "true" },
            },
            ["spec"] = spec,
        };
    }
}
