using System.Globalization;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.GitOps;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The info finding of a recovery source without <c>wal.maxParallel</c>: CNPG then starts one
/// <c>barman-cloud-wal-restore</c> per WAL segment, in sequence. The projection counts the segments the
/// restore will fetch (from the backup's first WAL to the end of the source's archive) and the
/// sequential fetch rounds with and without parallel fetches.
/// </summary>
public static class WalFetchFinding
{
    public const string Code = "wal-max-parallel-unset";

    /// <summary>What the finding suggests: CNPG's own example value.</summary>
    public const int Suggested = 8;

    public static PreflightFinding? For(DatabaseLayout layout, int? requested, Lineage source, BaseBackup backup)
    {
        if (layout.SourceWalMaxParallel is not null || requested is not null)
        {
            return null;
        }

        var segments = WalSegment.TryParse(backup.BeginWal, out var begin)
            ? source.Wal.Timelines.Where(t => t.Timeline >= begin.Timeline).Sum(t => Math.Max(0, WalSegment.Parse(t.LastSegment).Number - (t.Timeline == begin.Timeline ? begin.Number : WalSegment.Parse(t.FirstSegment).Number) + 1))
            : 0;
        var rounds = (segments + Suggested - 1) / Suggested;
        return new PreflightFinding(Code, false, string.Create(CultureInfo.InvariantCulture,
            $"the recovery source ({WhereItLives(layout)}) sets no wal.maxParallel: CNPG will fetch the {segments} WAL segments since backup {backup.BackupId} with one barman-cloud-wal-restore at a time ({segments} sequential fetches); with wal.maxParallel {Suggested} that is {rounds} rounds of {Suggested}, about {(rounds == 0 ? 1 : segments / (double)rounds):0.#}x less waiting on fetches. Plan again with walMaxParallel {Suggested} to set it in this commit."));
    }

    private static string WhereItLives(DatabaseLayout layout) => layout.Shape == BackupShape.Native
        ? $"{layout.Directory}/{DatabaseDirectory.RecoveryPatch} externalClusters.barmanObjectStore.wal"
        : $"ObjectStore {layout.ObjectStoreName} spec.configuration.wal in {layout.Directory}/{GitOpsNames.BaseObjectStore}";
}
