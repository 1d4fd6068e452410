using CnpgDrTemporal.Activities.Text;
using System.Globalization;
using System.Text;

namespace CnpgDrTemporal.Activities.GitOps.Migration;

/// <summary>
/// The move from the native <c>spec.backup.barmanObjectStore</c> to the Barman Cloud plugin, as a pure
/// function from files to files: the bucket settings go verbatim (with their comments) to a new
/// ObjectStore, the Cluster keeps the SAME write lineage in its plugin parameters, the ScheduledBackup
/// switches to <c>method: plugin</c>. Everything else is kept byte for byte; the result is re-read and
/// checked like every other edit.
/// </summary>
public static class PluginMigration
{
    public const string PodMonitorFile = "base/podmonitor.yaml";
    public const string RecoveryObjectStore = GitOpsNames.RecoveryOverlay + "/objectstore.yaml";
    private const string SyncWaveAnnotation = "argocd.argoproj.io/sync-wave";
    private const string NativeComment = "backup.barmanObjectStore.serverName";
    private const string PluginComment = "plugins[" + GitOpsNames.BarmanCloudPlugin + "].parameters.serverName";

    /// <summary>Why this directory cannot be moved as asked, or null. "Already in plugin shape" comes first.</summary>
    public static string? Refusal(DatabaseLayout layout, PluginMigrationOptions options) =>
        layout.Shape == BackupShape.Plugin
            ? $"{layout.Directory}/{GitOpsNames.BaseCluster} is already in plugin shape (ObjectStore {layout.ObjectStoreName ?? "?"}, lineage {layout.WriteLineage}): nothing to migrate"
            : layout.Mode == DatabaseMode.Recovery && !options.IncludeRecoveryOverlay
                ? $"{layout.Directory}/{GitOpsNames.RootKustomization} activates {GitOpsNames.RecoveryOverlay}: migrate after the recovery settled (flip back first), or include the recovery overlay in the migration"
                : null;

    public static DbFiles Apply(DbFiles files, PluginMigrationOptions options)
    {
        options.Validate(files.Database);
        var layout = DatabaseDirectory.Read(files);
        if (Refusal(layout, options) is { } refusal)
        {
            throw GitOpsException.BadInput(refusal);
        }

        if (files.Has(GitOpsNames.BaseObjectStore))
        {
            throw GitOpsException.BadInput($"{files.RepoPath(GitOpsNames.BaseObjectStore)} already exists but the Cluster is in native shape; finish or remove it by hand");
        }

        var store = options.ObjectStoreFor(files.Database);
        var (cluster, storeText, podMonitor) = EditCluster(files, layout, store, options.ReplacePodMonitor);
        var after = files.With(GitOpsNames.BaseCluster, cluster).With(GitOpsNames.BaseObjectStore, storeText);
        var baseKustomization = $"base/{GitOpsNames.OverlayKustomization}";
        var resources = new List<string> { "objectstore.yaml" };
        if (podMonitor is not null)
        {
            after = after.With(PodMonitorFile, podMonitor);
            resources.Add(Path.GetFileName(PodMonitorFile));
        }

        after = after.With(baseKustomization, ListResources(files, baseKustomization, resources));
        after = SwitchScheduledBackups(after, layout.ClusterName);
        if (options.IncludeRecoveryOverlay)
        {
            after = MoveRecoveryOverlay(after, options.RecoveryObjectStoreFor(files.Database));
        }

        return Verified(after, layout, store);
    }

    private static (string Cluster, string ObjectStore, string? PodMonitor) EditCluster(DbFiles files, DatabaseLayout layout, string store, bool replacePodMonitor)
    {
        var file = files.RepoPath(GitOpsNames.BaseCluster);
        var text = files.Text(GitOpsNames.BaseCluster);
        var nl = TextLines.NewLine(text);
        var cluster = YamlTree.FindKind(YamlTree.Parse(text, file), GitOpsNames.ClusterKind)!;
        var spec = (YamlMap)cluster["spec"]!;
        if (spec.Entry("plugins") is not null)
        {
            throw GitOpsException.BadInput($"{file} already has spec.plugins; add the {GitOpsNames.BarmanCloudPlugin} plugin by hand");
        }

        var backupEntry = spec.Entry("backup")!;
        var backup = backupEntry.Value as YamlMap;
        var storeEntry = backup?.Entry("barmanObjectStore");
        if (backup is not { IsFlow: false } || storeEntry?.Value is not YamlMap { IsFlow: false } native)
        {
            throw GitOpsException.BadInput($"{file}: spec.backup.barmanObjectStore is not a block mapping; write it in block style first");
        }

        var retention = backup.Entry("retentionPolicy");
        var step = TextLines.Column(text, backupEntry.Key.Start) - TextLines.Column(text, cluster.Entries.First(e => e.Key.Value == "spec").Key.Start);
        step = step > 0 ? step : 2;
        var server = native.Entry("serverName")!;
        var splice = new TextSplice(text, file);

        // The plugin stanza takes the place of spec.backup; other keys of spec.backup (if any) stay.
        var column = TextLines.Column(text, backupEntry.Key.Start);
        var rest = backup.Entries.Where(e => e != storeEntry && e != retention).ToList();
        var plugins = PluginsBlock(text, server, store, column, step, nl);
        if (rest.Count == 0)
        {
            var (start, end) = MigrationText.EntryLines(text, backupEntry);
            splice.Replace(start, end, plugins);
        }
        else
        {
            splice.Insert(MigrationText.EntryLines(text, backupEntry).Start, plugins);
            foreach (var moved in new[] { storeEntry, retention }.OfType<YamlEntry>())
            {
                var (start, end) = MigrationText.EntryLines(text, moved);
                splice.Replace(start, end, string.Empty);
            }
        }

        string? podMonitor = null;
        var monitoring = spec.Entry("monitoring");
        if (replacePodMonitor && monitoring?.Value is YamlMap { IsFlow: false } m && m.Entry("enablePodMonitor") is { Value.Text: "true" } flag)
        {
            var gone = m.Entries.Count == 1 ? monitoring : flag;
            var (start, end) = MigrationText.EntryLines(text, gone);
            splice.Replace(start, end, string.Empty);
            podMonitor = PodMonitorText(layout, nl);
        }

        var header = $"S3 destination and retention of {layout.ClusterName} backups, moved from the Cluster for the Barman Cloud plugin.";
        var storeText = ObjectStoreText(text, native.Entries.Where(e => e != server), retention, store, cluster["metadata"]?["namespace"]?.Text, SyncWave(cluster), header, step, nl);
        return (PluginComments(splice.Apply()), storeText, podMonitor);
    }

    private static string PluginsBlock(string text, YamlEntry server, string store, int column, int step, string nl)
    {
        var item = column + step;
        var parameters = item + 2 + step;
        return new StringBuilder()
            .Append(' ', column).Append("plugins:").Append(nl)
            .Append(' ', item).Append("- name: ").Append(GitOpsNames.BarmanCloudPlugin).Append(nl)
            .Append(' ', item + 2).Append("isWALArchiver: true").Append(nl)
            .Append(' ', item + 2).Append("parameters:").Append(nl)
            .Append(' ', parameters).Append("barmanObjectName: ").Append(store).Append(nl)
            .Append(MigrationText.Moved(text, server, parameters, nl))
            .ToString();
    }

    /// <summary>An ObjectStore one Argo sync wave before the Cluster, carrying <paramref name="configuration"/> verbatim.</summary>
    private static string ObjectStoreText(string text, IEnumerable<YamlEntry> configuration, YamlEntry? retention, string name, string? ns, int? clusterWave, string header, int step, string nl)
    {
        var wave = ((clusterWave ?? 0) - 1).ToString(CultureInfo.InvariantCulture);
        var result = new StringBuilder()
            .Append("# ").Append(header).Append(nl)
            .Append("# serverName is NOT set here: the Cluster's plugin parameters choose the lineage.").Append(nl)
            .Append("apiVersion: barmancloud.cnpg.io/v1").Append(nl)
            .Append("kind: ").Append(GitOpsNames.ObjectStoreKind).Append(nl)
            .Append("metadata:").Append(nl)
            .Append(' ', step).Append("name: ").Append(name).Append(nl);
        if (ns is not null)
        {
            result.Append(' ', step).Append("namespace: ").Append(ns).Append(nl);
        }

        result.Append(' ', step).Append("annotations:").Append(nl)
            .Append(' ', step * 2).Append(SyncWaveAnnotation).Append(": \"").Append(wave).Append('"').Append(nl)
            .Append("spec:").Append(nl)
            .Append(' ', step).Append("configuration:").Append(nl);
        foreach (var entry in configuration)
        {
            result.Append(MigrationText.Moved(text, entry, step * 2, nl));
        }

        if (retention is not null)
        {
            result.Append(MigrationText.Moved(text, retention, step, nl));
        }

        return result.ToString();
    }

    private static string PodMonitorText(DatabaseLayout layout, string nl) => string.Join(nl,
        "# Replaces the Cluster's spec.monitoring.enablePodMonitor (removed in CNPG 1.30).",
        "apiVersion: monitoring.coreos.com/v1",
        "kind: PodMonitor",
        "metadata:",
        $"  name: {layout.ClusterName}",
        "spec:",
        "  selector:",
        "    matchLabels:",
        $"      cnpg.io/cluster: {layout.ClusterName}",
        "  podMetricsEndpoints:",
        "    - port: metrics",
        string.Empty);

    private static int? SyncWave(YamlMap cluster) =>
        int.TryParse(cluster["metadata"]?["annotations"]?[SyncWaveAnnotation]?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var wave) ? wave : null;

    /// <summary>Comments that name the native path of the write lineage name the plugin's instead.</summary>
    private static string PluginComments(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#'))
            {
                lines[i] = lines[i].Replace(NativeComment, PluginComment, StringComparison.Ordinal);
            }
        }

        return string.Join('\n', lines);
    }

    private static string ListResources(DbFiles files, string kustomization, IEnumerable<string> items)
    {
        var text = files.Text(kustomization);
        var file = files.RepoPath(kustomization);
        var list = MigrationText.Resources(text, file);
        var splice = new TextSplice(text, file);
        var missing = items.Where(i => !MigrationText.Lists(list, i)).ToList();
        if (missing.Count > 0)
        {
            MigrationText.AppendListItem(splice, list, string.Join(TextLines.NewLine(text) + "  - ", missing), file);
        }

        return splice.Apply();
    }

    /// <summary>Every ScheduledBackup of the Cluster outside the overlays: <c>method: plugin</c> with the plugin's name.</summary>
    private static DbFiles SwitchScheduledBackups(DbFiles files, string clusterName)
    {
        foreach (var name in files.Files.Keys.Where(f => !f.StartsWith("overlays/", StringComparison.Ordinal) && (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))).ToList())
        {
            var text = files.Text(name);
            if (!text.Contains("ScheduledBackup", StringComparison.Ordinal))
            {
                continue;
            }

            var file = files.RepoPath(name);
            var splice = new TextSplice(text, file);
            var nl = TextLines.NewLine(text);
            foreach (var doc in YamlTree.Parse(text, file).OfType<YamlMap>().Where(d => d.Get("kind")?.Text == "ScheduledBackup" && d["spec"]?["cluster"]?["name"]?.Text == clusterName))
            {
                if (doc["spec"] is not YamlMap { IsFlow: false, Entries.Count: > 0 } spec)
                {
                    throw GitOpsException.BadInput($"{file}: ScheduledBackup spec is not a block mapping; edit it by hand");
                }

                var column = TextLines.Column(text, spec.Entries[0].Key.Start);
                var lines = new StringBuilder();
                if (spec.Entry("method") is { } method)
                {
                    if (method.Value.Text != "plugin")
                    {
                        splice.Replace(method.Value.Start, method.Value.End, "plugin");
                    }
                }
                else
                {
                    lines.Append(' ', column).Append("method: plugin").Append(nl);
                }

                if (spec["pluginConfiguration"] is null)
                {
                    lines.Append(' ', column).Append("pluginConfiguration:").Append(nl)
                        .Append(' ', column + 2).Append("name: ").Append(GitOpsNames.BarmanCloudPlugin).Append(nl);
                }

                var at = TextLines.NextLineStart(text, spec.ContentEnd);
                if (lines.Length > 0)
                {
                    splice.Insert(at, (at == text.Length && !text.EndsWith('\n') ? nl : string.Empty) + lines);
                }
            }

            files = files.With(name, splice.Apply());
        }

        return files;
    }

    /// <summary>The recovery source reads through the plugin too, with an ObjectStore of the overlay's own.</summary>
    private static DbFiles MoveRecoveryOverlay(DbFiles files, string store)
    {
        var patch = DatabaseDirectory.RecoveryPatch;
        var text = files.Text(patch);
        var file = files.RepoPath(patch);
        var cluster = YamlTree.FindKind(YamlTree.Parse(text, file), GitOpsNames.ClusterKind)!;
        var source = cluster["spec"]?["bootstrap"]?["recovery"]?["source"]?.Text;
        var external = source is null ? null : (cluster["spec"]?["externalClusters"] as YamlList)?.FindBy("name", source);
        if (external?.Entry("barmanObjectStore") is not { Value: YamlMap { IsFlow: false } native } nativeEntry)
        {
            // Already the plugin shape (or nothing to read from): the overlay stays as it is.
            return files;
        }

        var nl = TextLines.NewLine(text);
        var column = TextLines.Column(text, nativeEntry.Key.Start);
        var server = native.Entry("serverName") ?? throw GitOpsException.BadInput($"{file}: externalClusters '{source}' has no barmanObjectStore.serverName");
        var plugin = new StringBuilder()
            .Append(' ', column).Append("plugin:").Append(nl)
            .Append(' ', column + 2).Append("name: ").Append(GitOpsNames.BarmanCloudPlugin).Append(nl)
            .Append(' ', column + 2).Append("parameters:").Append(nl)
            .Append(' ', column + 4).Append("barmanObjectName: ").Append(store).Append(nl)
            .Append(MigrationText.Moved(text, server, column + 4, nl))
            .ToString();
        var (start, end) = MigrationText.EntryLines(text, nativeEntry);
        var baseCluster = YamlTree.FindKind(YamlTree.Parse(files.Text(GitOpsNames.BaseCluster), GitOpsNames.BaseCluster), GitOpsNames.ClusterKind)!;
        var header = $"S3 source the recovery overlay reads lineage {server.Value.Text} from, through the Barman Cloud plugin.";
        var storeText = ObjectStoreText(text, native.Entries.Where(e => e != server), null, store, baseCluster["metadata"]?["namespace"]?.Text, SyncWave(baseCluster), header, 2, nl);
        var kustomization = $"{GitOpsNames.RecoveryOverlay}/{GitOpsNames.OverlayKustomization}";
        return files
            .With(patch, new TextSplice(text, file).Replace(start, end, plugin).Apply())
            .With(RecoveryObjectStore, storeText)
            .With(kustomization, ListResources(files, kustomization, ["objectstore.yaml"]));
    }

    private static DbFiles Verified(DbFiles after, DatabaseLayout before, string store)
    {
        var layout = DatabaseDirectory.Read(after);
        var expected = before with { Shape = BackupShape.Plugin, ObjectStoreName = store };
        if (layout != expected)
        {
            throw new GitOpsException(GitOpsErrorTypes.RenderCheck, $"plugin migration of {before.Directory} did not keep the lineages and bucket (write {layout.WriteLineage}, source {layout.Recovery.SourceLineage}, destination {layout.DestinationPath}, store {layout.ObjectStoreName}); nothing was written");
        }

        return after;
    }
}
