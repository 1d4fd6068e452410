using CnpgDrTemporal.Activities.Text;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// The DR edits as pure functions from files to files. Each validates its input against the
/// directory first, splices only the scalars and lines it must, then re-reads the result and
/// checks the intended values (a failed check is a bug, never a half-written change).
/// </summary>
public static partial class GitOpsEdits
{
    /// <summary>Upper bound of <c>walMaxParallel</c>: more parallel fetches than this only queue at the object store.</summary>
    public const int MaxWalParallel = 64;

    public static DbFiles Apply(DbFiles files, GitEdit edit) => edit.Kind switch
    {
        GitEditKind.Recover => Recover(files, edit),
        GitEditKind.FlipBack => FlipBack(files),
        GitEditKind.FreshLineage => FreshLineage(files, edit.NextLineage!),
        GitEditKind.MigrateToPlugin => Migration.PluginMigration.Apply(files, edit.Migration ?? new()),
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit.Kind, "unknown edit"),
    };

    public static DbFiles Recover(DbFiles files, GitEdit edit)
    {
        var dir = DatabaseDirectory.Locate(files);
        var layout = dir.Layout;
        var source = ValidLineage(edit.SourceLineage, "source lineage");
        var next = ValidNext(layout, edit.NextLineage);
        if (source == next)
        {
            throw GitOpsException.BadInput($"source lineage {source} equals the new write lineage: recovery must read one lineage and write another");
        }

        var (key, value) = Pin(edit);
        var patchFile = files.RepoPath(DatabaseDirectory.RecoveryPatch);
        if (string.IsNullOrEmpty(layout.Recovery.Database))
        {
            throw GitOpsException.BadInput($"{patchFile} has no spec.bootstrap.recovery.database: CNPG would restore into 'app'; add the database name");
        }

        if (dir.SourceLineageNode is null)
        {
            throw GitOpsException.BadInput(layout.Recovery.SourceName is null
                ? $"{patchFile} has no spec.bootstrap.recovery.source"
                : $"{patchFile}: externalClusters entry '{layout.Recovery.SourceName}' has no barmanObjectStore.serverName or plugin.parameters.serverName");
        }

        var patch = new TextSplice(files.Text(DatabaseDirectory.RecoveryPatch), patchFile);
        ReplaceScalar(patch, dir.SourceLineageNode, source);
        RecoveryTargetText.Apply(patch, dir.RecoveryStanza, dir.RecoveryTargetEntry, key, value);
        var after = SetWriteLineage(dir, next)
            .With(DatabaseDirectory.RecoveryPatch, patch.Apply());
        after = SetMode(after, DatabaseMode.Recovery);
        if (edit.WalMaxParallel is { } maxParallel)
        {
            after = WalMaxParallelText.Set(after, maxParallel);
        }

        return Verified(after, layout, edit, DatabaseMode.Recovery, next, source, edit.BackupId, key == GitOpsNames.TargetTimeKey ? value : null);
    }

    public static DbFiles FlipBack(DbFiles files)
    {
        var layout = DatabaseDirectory.Read(files);
        if (layout.Mode == DatabaseMode.Initdb)
        {
            throw GitOpsException.BadInput($"{files.RepoPath(GitOpsNames.RootKustomization)} is already on {GitOpsNames.InitdbOverlay}: nothing to flip back");
        }

        var after = SetMode(files, DatabaseMode.Initdb);
        var edit = new GitEdit(GitEditKind.FlipBack, files.Database);
        return Verified(after, layout, edit, DatabaseMode.Initdb, layout.WriteLineage, layout.Recovery.SourceLineage, layout.Recovery.BackupId, layout.Recovery.TargetTime);
    }

    public static DbFiles FreshLineage(DbFiles files, string nextLineage)
    {
        var dir = DatabaseDirectory.Locate(files);
        var layout = dir.Layout;
        var next = ValidNext(layout, nextLineage);
        if (next == layout.Recovery.SourceLineage)
        {
            throw GitOpsException.BadInput($"next lineage {next} is the recovery source: a fresh lineage must not reuse a prefix that holds data");
        }

        var after = SetMode(SetWriteLineage(dir, next), DatabaseMode.Initdb);
        var edit = new GitEdit(GitEditKind.FreshLineage, files.Database, NextLineage: next);
        return Verified(after, layout, edit, DatabaseMode.Initdb, next, layout.Recovery.SourceLineage, layout.Recovery.BackupId, layout.Recovery.TargetTime);
    }

    /// <summary>Only the flag: <paramref name="mode"/>'s overlay active, the other commented out.</summary>
    public static DbFiles SetMode(DbFiles files, DatabaseMode mode)
    {
        var text = files.Text(GitOpsNames.RootKustomization);
        return files.With(GitOpsNames.RootKustomization, KustomizationFlag.SetMode(text, files.RepoPath(GitOpsNames.RootKustomization), mode));
    }

    /// <summary>Rejects a request that cannot be planned, before anything is read or written.</summary>
    public static void ValidateRequest(GitEdit edit)
    {
        DbFiles.ValidateDatabaseName(edit.Database);
        if (edit.Kind == GitEditKind.Recover)
        {
            ValidLineage(edit.SourceLineage, "source lineage");
            Pin(edit);
            if (edit.WalMaxParallel is < 1 or > MaxWalParallel)
            {
                throw GitOpsException.BadInput($"walMaxParallel {edit.WalMaxParallel} is not between 1 and {MaxWalParallel}");
            }
        }

        if (edit.Kind == GitEditKind.MigrateToPlugin)
        {
            (edit.Migration ?? new()).Validate(edit.Database);
        }
        else if (edit.Kind != GitEditKind.FlipBack)
        {
            ValidLineage(edit.NextLineage, "next lineage");
        }
    }

    private static DbFiles SetWriteLineage(DatabaseDirectory dir, string next)
    {
        var cluster = new TextSplice(dir.Files.Text(GitOpsNames.BaseCluster), dir.Files.RepoPath(GitOpsNames.BaseCluster));
        ReplaceScalar(cluster, dir.WriteLineageNode, next);
        return dir.Files.With(GitOpsNames.BaseCluster, cluster.Apply());
    }

    private static void ReplaceScalar(TextSplice splice, YamlScalar node, string value)
    {
        if (node.Value != value)
        {
            splice.Replace(node.Start, node.End, YamlScalars.Render(value, node.Style, splice.File));
        }
    }

    private static (string? Key, string? Value) Pin(GitEdit edit)
    {
        if (edit.BackupId is not null && edit.TargetTime is not null)
        {
            throw GitOpsException.BadInput($"recovery target has both backupID {edit.BackupId} and targetTime {YamlScalars.FormatTime(edit.TargetTime.Value)}: give one of them");
        }

        if (edit.BackupId is not null && !BackupIdPattern().IsMatch(edit.BackupId))
        {
            throw GitOpsException.BadInput($"'{edit.BackupId}' is not a backupID (like 20260728T050000)");
        }

        return edit.BackupId is not null ? (GitOpsNames.BackupIdKey, edit.BackupId)
            : edit.TargetTime is { } t ? (GitOpsNames.TargetTimeKey, YamlScalars.FormatTime(t))
            : (null, null);
    }

    private static string ValidLineage(string? lineage, string what) =>
        lineage is not null && LineagePattern().IsMatch(lineage)
            ? lineage
            : throw GitOpsException.BadInput($"{what} '{lineage}' is not a lineage name (like <db>-database-v7)");

    private static string ValidNext(DatabaseLayout layout, string? nextLineage)
    {
        var next = ValidLineage(nextLineage, "next lineage");
        var current = LineageNames.NumberOf(layout.WriteLineage);
        var number = LineageNames.NumberOf(next);
        if (current is null || number is null || number <= current)
        {
            throw GitOpsException.BadInput($"next lineage {next} is not greater than the current write lineage {layout.WriteLineage} in {layout.Directory}/{GitOpsNames.BaseCluster}");
        }

        return next;
    }

    private static DbFiles Verified(DbFiles after, DatabaseLayout before, GitEdit edit, DatabaseMode mode, string write, string? source, string? backupId, string? targetTime)
    {
        var layout = DatabaseDirectory.Read(after);
        var expected = before with
        {
            Flag = layout.Flag,
            WriteLineage = write,
            SourceWalMaxParallel = edit.WalMaxParallel ?? before.SourceWalMaxParallel,
            Recovery = before.Recovery with { SourceLineage = source, BackupId = backupId, TargetTime = targetTime, OtherTarget = edit.Kind == GitEditKind.Recover ? null : before.Recovery.OtherTarget },
        };
        if (layout.Mode != mode || layout != expected)
        {
            throw new GitOpsException(GitOpsErrorTypes.RenderCheck, $"{edit.Kind} edit of {before.Directory} did not produce the intended values (mode {layout.Mode}, write {layout.WriteLineage}, source {layout.Recovery.SourceLineage}); nothing was written");
        }

        return after;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex LineagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex BackupIdPattern();
}
