using CnpgDrTemporal.Activities.Text;
namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// Reads a database directory in either shape and keeps the parsed nodes an edit needs, so
/// that edits splice exactly the scalars they change.
/// </summary>
public sealed class DatabaseDirectory
{
    public static readonly string RecoveryPatch = GitOpsNames.OverlayPatch(GitOpsNames.RecoveryOverlay);
    public static readonly string InitdbPatch = GitOpsNames.OverlayPatch(GitOpsNames.InitdbOverlay);

    private DatabaseDirectory(DbFiles files) => Files = files;

    public DbFiles Files { get; }

    public DatabaseLayout Layout { get; private set; } = null!;

    /// <summary>The write lineage scalar in <see cref="GitOpsNames.BaseCluster"/>.</summary>
    public YamlScalar WriteLineageNode { get; private set; } = null!;

    /// <summary><c>spec.bootstrap.recovery</c> of the recovery patch.</summary>
    public YamlMap RecoveryStanza { get; private set; } = null!;

    /// <summary>The serverName scalar of the external cluster the recovery reads from, if written.</summary>
    public YamlScalar? SourceLineageNode { get; private set; }

    public YamlEntry? RecoveryTargetEntry { get; private set; }

    public static DatabaseLayout Read(DbFiles files) => Locate(files).Layout;

    public static DatabaseDirectory Locate(DbFiles files)
    {
        var dir = new DatabaseDirectory(files);
        foreach (var required in RequiredFiles)
        {
            if (!files.Has(required))
            {
                throw GitOpsException.BadInput($"{files.RepoPath(required)} is missing: a database directory needs {string.Join(", ", RequiredFiles)}");
            }
        }

        var flag = KustomizationFlag.Read(files.Text(GitOpsNames.RootKustomization), files.RepoPath(GitOpsNames.RootKustomization));
        var rootNamespace = (YamlTree.Parse(files.Text(GitOpsNames.RootKustomization), GitOpsNames.RootKustomization).FirstOrDefault() as YamlMap)?.Get("namespace")?.Text;
        YamlTree.Parse(files.Text(InitdbPatch), files.RepoPath(InitdbPatch));
        var (cluster, shape) = dir.ReadBaseCluster();
        var recovery = dir.ReadRecoveryPatch();
        var objectStoreName = shape == BackupShape.Plugin ? PluginOf(cluster)?["parameters"]?["barmanObjectName"]?.Text : null;
        var destination = shape == BackupShape.Native
            ? cluster["spec"]?["backup"]?["barmanObjectStore"]?["destinationPath"]?.Text
            : dir.ObjectStoreDestination(objectStoreName);
        dir.Layout = new DatabaseLayout(
            files.Database,
            files.Directory,
            flag,
            shape,
            cluster["metadata"]?["name"]?.Text ?? throw GitOpsException.BadInput($"{files.RepoPath(GitOpsNames.BaseCluster)}: Cluster has no metadata.name"),
            cluster["metadata"]?["namespace"]?.Text ?? rootNamespace,
            dir.WriteLineageNode.Value,
            recovery,
            objectStoreName,
            destination,
            WalMaxParallelText.Read(files));
        return dir;
    }

    private static readonly string[] RequiredFiles =
    [
        GitOpsNames.RootKustomization,
        GitOpsNames.BaseCluster,
        $"{GitOpsNames.InitdbOverlay}/{GitOpsNames.OverlayKustomization}",
        InitdbPatch,
        $"{GitOpsNames.RecoveryOverlay}/{GitOpsNames.OverlayKustomization}",
        RecoveryPatch,
    ];

    private static YamlMap? PluginOf(YamlNode cluster) =>
        (cluster["spec"]?["plugins"] as YamlList)?.FindBy("name", GitOpsNames.BarmanCloudPlugin);

    private (YamlMap Cluster, BackupShape Shape) ReadBaseCluster()
    {
        var file = Files.RepoPath(GitOpsNames.BaseCluster);
        var cluster = YamlTree.FindKind(YamlTree.Parse(Files.Text(GitOpsNames.BaseCluster), file), GitOpsNames.ClusterKind)
            ?? throw GitOpsException.BadInput($"{file} holds no kind: {GitOpsNames.ClusterKind}");
        var native = cluster["spec"]?["backup"]?["barmanObjectStore"];
        var plugin = PluginOf(cluster);
        if (native is not null && plugin is not null)
        {
            throw GitOpsException.BadInput($"{file} has both spec.backup.barmanObjectStore and the {GitOpsNames.BarmanCloudPlugin} plugin; keep one");
        }

        var (node, path, shape) = native is not null
            ? (native["serverName"], "spec.backup.barmanObjectStore.serverName", BackupShape.Native)
            : plugin is not null
                ? (plugin["parameters"]?["serverName"], $"spec.plugins[{GitOpsNames.BarmanCloudPlugin}].parameters.serverName", BackupShape.Plugin)
                : throw GitOpsException.BadInput($"{file} has no write lineage: neither spec.backup.barmanObjectStore nor the {GitOpsNames.BarmanCloudPlugin} plugin");
        WriteLineageNode = node as YamlScalar is { Value.Length: > 0 } scalar
            ? scalar
            : throw GitOpsException.BadInput($"{file}: {path} is not set (CNPG would fall back to the cluster name); write the lineage explicitly");
        return (cluster, shape);
    }

    private RecoveryOverlay ReadRecoveryPatch()
    {
        var file = Files.RepoPath(RecoveryPatch);
        var cluster = YamlTree.FindKind(YamlTree.Parse(Files.Text(RecoveryPatch), file), GitOpsNames.ClusterKind)
            ?? throw GitOpsException.BadInput($"{file} holds no kind: {GitOpsNames.ClusterKind}");
        RecoveryStanza = cluster["spec"]?["bootstrap"]?["recovery"] as YamlMap
            ?? throw GitOpsException.BadInput($"{file} has no spec.bootstrap.recovery mapping");
        var sourceName = RecoveryStanza["source"]?.Text;
        var external = sourceName is null ? null : (cluster["spec"]?["externalClusters"] as YamlList)?.FindBy("name", sourceName);
        SourceLineageNode = (external?["barmanObjectStore"]?["serverName"] ?? external?["plugin"]?["parameters"]?["serverName"]) as YamlScalar;
        RecoveryTargetEntry = RecoveryStanza.Entry(GitOpsNames.RecoveryTargetKey);
        var target = RecoveryTargetEntry?.Value as YamlMap;
        return new RecoveryOverlay(
            sourceName,
            SourceLineageNode?.Value,
            target?[GitOpsNames.BackupIdKey]?.Text,
            target?[GitOpsNames.TargetTimeKey]?.Text,
            target?.Entries.Select(e => e.Key.Value).FirstOrDefault(k => GitOpsNames.TargetKeys.Contains(k) && k is not GitOpsNames.BackupIdKey and not GitOpsNames.TargetTimeKey),
            RecoveryStanza["database"]?.Text,
            RecoveryStanza["owner"]?.Text,
            RecoveryStanza["secret"]?["name"]?.Text);
    }

    private string? ObjectStoreDestination(string? objectStoreName)
    {
        if (!Files.Has(GitOpsNames.BaseObjectStore))
        {
            return null;
        }

        var stores = YamlTree.Parse(Files.Text(GitOpsNames.BaseObjectStore), Files.RepoPath(GitOpsNames.BaseObjectStore))
            .OfType<YamlMap>()
            .Where(d => d.Get("kind")?.Text == GitOpsNames.ObjectStoreKind)
            .ToList();
        var store = stores.FirstOrDefault(s => s["metadata"]?["name"]?.Text == objectStoreName) ?? stores.FirstOrDefault();
        return store?["spec"]?["configuration"]?["destinationPath"]?.Text;
    }
}
