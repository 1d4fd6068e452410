using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities.Backups;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Status;

/// <summary>
/// Reads the status of every database of the GitOps repo. Each source answers on its own: a cluster
/// or Temporal that does not answer leaves a note, not a failed report.
/// </summary>
public sealed class StatusReader(GitRemote git, BackupCatalogReader catalogs, Preflight preflight, TimeProvider clock)
{
    public async Task<IReadOnlyList<DatabaseStatus>> ReadAsync(IDrillHistory? drills, CancellationToken ct)
    {
        var layouts = ReadRepo(ct);
        var now = clock.GetUtcNow();
        var result = new List<DatabaseStatus>();
        foreach (var (db, layout, problem) in layouts)
        {
            var notes = new List<string>();
            if (problem is not null)
            {
                notes.Add(problem);
            }

            var phase = await ClusterPhaseAsync(db, notes, ct).ConfigureAwait(false);
            var (lastBackup, lastWal) = await FreshnessAsync(db, layout?.WriteLineage, notes, ct).ConfigureAwait(false);
            var drill = await LastDrillAsync(drills, db, notes, ct).ConfigureAwait(false);
            result.Add(new DatabaseStatus(db, layout?.Mode, layout?.WriteLineage, phase, lastBackup, now - lastBackup, lastWal, now - lastWal, drill?.Verdict, drill?.At, notes, drill?.WalSegmentsPerSecond, drill?.ProjectedRestore));
        }

        return result;
    }

    /// <summary>Every database directory of the GitOps repo with its layout, or why it cannot be read.</summary>
    public List<(string Db, DatabaseLayout? Layout, string? Problem)> ReadRepo(CancellationToken ct)
    {
        using var checkout = git.Clone("status", ct);
        var root = Path.Combine(checkout.Path, git.Options.DatabasesPath);
        if (!Directory.Exists(root))
        {
            throw new DrException($"{git.Options.DatabasesPath} (Dr:Git:DatabasesPath) does not exist in {git.SafeUrl}");
        }

        var layouts = new List<(string, DatabaseLayout?, string?)>();
        foreach (var dir in Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "kustomization.yaml"))).Order(StringComparer.Ordinal))
        {
            var db = Path.GetFileName(dir);
            try
            {
                layouts.Add((db, DatabaseDirectory.Read(checkout.Load(git.Options, db)), null));
            }
            catch (Exception e) when (e is DrException or ApplicationFailureException)
            {
                layouts.Add((db, null, $"git: {e.Message}"));
            }
        }

        return layouts;
    }

    private async Task<string?> ClusterPhaseAsync(string db, List<string> notes, CancellationToken ct)
    {
        try
        {
            var report = await preflight.RunAsync(db, ct).ConfigureAwait(false);
            return report.Cluster is { Present: true } c ? c.Phase ?? "unknown" : "absent";
        }
        catch (Exception e) when (e is DrException or ApplicationFailureException or HttpRequestException)
        {
            notes.Add($"cluster: {e.Message}");
            return null;
        }
    }

    private async Task<(DateTimeOffset? Backup, DateTimeOffset? Wal)> FreshnessAsync(string db, string? writeLineage, List<string> notes, CancellationToken ct)
    {
        try
        {
            var lineage = (await catalogs.ReadAsync(db, ct: ct).ConfigureAwait(false)).Lineages.FirstOrDefault(l => l.ServerName == writeLineage);
            if (lineage is null)
            {
                notes.Add($"s3: write lineage {writeLineage} has nothing archived");
                return (null, null);
            }

            return (lineage.Backups.Where(b => b.IsDone).Max(b => b.EndTime), lineage.Wal.LastArchivedAt);
        }
        catch (DrException e)
        {
            notes.Add($"s3: {e.Message}");
            return (null, null);
        }
    }

    private static async Task<DrillSummary?> LastDrillAsync(IDrillHistory? drills, string db, List<string> notes, CancellationToken ct)
    {
        if (drills is null)
        {
            return null;
        }

        try
        {
            return await drills.LastAsync(db, ct).ConfigureAwait(false);
        }
        catch (DrException e)
        {
            notes.Add($"temporal: {e.Message}");
            return null;
        }
    }
}
