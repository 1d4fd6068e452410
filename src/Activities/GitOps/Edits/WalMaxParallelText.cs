using System.Globalization;
using CnpgDrTemporal.Activities.Text;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// <c>wal.maxParallel</c> of the recovery source: how many WAL files CNPG fetches at once while it
/// restores. Native shape: the recovery patch's <c>externalClusters[source].barmanObjectStore.wal</c>;
/// plugin shape: the <c>ObjectStore</c> the source names, <c>spec.configuration.wal</c>. Setting it
/// splices one line (or a <c>wal:</c> block when there is none) and leaves every other byte.
/// </summary>
public static class WalMaxParallelText
{
    public const string Key = "maxParallel";

    /// <summary>The file and mapping that hold the source's <c>wal</c> settings, or null when there is none to edit.</summary>
    public static (string File, YamlMap Store)? Locate(DbFiles files)
    {
        var patchFile = DatabaseDirectory.RecoveryPatch;
        var patch = YamlTree.FindKind(YamlTree.Parse(files.Text(patchFile), files.RepoPath(patchFile)), GitOpsNames.ClusterKind);
        var sourceName = patch?["spec"]?["bootstrap"]?["recovery"]?["source"]?.Text;
        var external = sourceName is null ? null : (patch!["spec"]?["externalClusters"] as YamlList)?.FindBy("name", sourceName);
        if (external?["barmanObjectStore"] is YamlMap { IsFlow: false, Entries.Count: > 0 } native)
        {
            return (patchFile, native);
        }

        var storeName = external?["plugin"]?["parameters"]?["barmanObjectName"]?.Text;
        if (storeName is null || !files.Has(GitOpsNames.BaseObjectStore))
        {
            return null;
        }

        var store = YamlTree.Parse(files.Text(GitOpsNames.BaseObjectStore), files.RepoPath(GitOpsNames.BaseObjectStore))
            .OfType<YamlMap>()
            .FirstOrDefault(d => d.Get("kind")?.Text == GitOpsNames.ObjectStoreKind && d["metadata"]?["name"]?.Text == storeName);
        return store?["spec"]?["configuration"] is YamlMap { IsFlow: false, Entries.Count: > 0 } configuration
            ? (GitOpsNames.BaseObjectStore, configuration)
            : null;
    }

    public static int? Read(DbFiles files) =>
        Locate(files) is { } at && at.Store["wal"]?[Key]?.Text is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Sets the source's <c>wal.maxParallel</c>; refuses when the directory has no source store to hold it.</summary>
    public static DbFiles Set(DbFiles files, int maxParallel)
    {
        var (file, store) = Locate(files) ?? throw GitOpsException.BadInput($"walMaxParallel: {files.RepoPath(DatabaseDirectory.RecoveryPatch)} names no barmanObjectStore or ObjectStore for the recovery source");
        var text = files.Text(file);
        var splice = new TextSplice(text, files.RepoPath(file));
        var value = maxParallel.ToString(CultureInfo.InvariantCulture);
        var nl = TextLines.NewLine(text);
        switch (store.Entry("wal")?.Value)
        {
            case YamlMap { IsFlow: false, Entries.Count: > 0 } wal when wal[Key] is YamlScalar old:
                splice.Replace(old.Start, old.End, value);
                break;
            case YamlMap { IsFlow: false, Entries.Count: > 0 } wal:
                InsertAfter(splice, wal.ContentEnd, $"{Indent(text, wal)}{Key}: {value}{nl}");
                break;
            case null:
                var indent = Indent(text, store);
                InsertAfter(splice, store.ContentEnd, $"{indent}wal:{nl}{indent}  {Key}: {value}{nl}");
                break;
            default:
                throw GitOpsException.BadInput($"{splice.File}: wal is not a block mapping; set wal.{Key} by hand");
        }

        return files.With(file, splice.Apply());
    }

    private static string Indent(string text, YamlMap map) => new(' ', TextLines.Column(text, map.Entries[0].Key.Start));

    private static void InsertAfter(TextSplice splice, int contentEnd, string lines)
    {
        var text = splice.Original;
        var at = TextLines.NextLineStart(text, Math.Max(0, contentEnd - 1));
        var lead = at == text.Length && text.Length > 0 && text[^1] != '\n' ? TextLines.NewLine(text) : string.Empty;
        splice.Insert(at, lead + lines);
    }
}
