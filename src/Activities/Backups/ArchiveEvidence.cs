namespace CnpgDrTemporal.Activities.Backups;

/// <summary>What S3 held in one lineage before a change: its newest WAL segment, its backups and their systemids.</summary>
public sealed record ArchiveMark(string Lineage, string? LastWal, IReadOnlyList<string> BackupIds, IReadOnlyList<string> SystemIds);

/// <summary>
/// Whether archiving kept flowing into the SAME lineage after a change: a WAL segment newer than the mark
/// and a new completed backup whose systemid is the one the lineage had. <see cref="Detail"/> is the evidence.
/// </summary>
public sealed record ArchiveProof(bool Proven, string Lineage, string? NewWal, string? BackupId, string? SystemId, string Detail);

/// <summary>Compares two reads of one lineage; pure, so the lab test and the activity judge alike.</summary>
public static class ArchiveEvidence
{
    public static ArchiveMark Mark(string lineage, Lineage? found) =>
        new(lineage, LastWal(found), found?.Backups.Select(b => b.BackupId).ToList() ?? [], found?.SystemIds ?? []);

    /// <summary>The newest segment over all timelines (names sort by timeline, then position).</summary>
    public static string? LastWal(Lineage? lineage) =>
        lineage?.Wal.Timelines.Select(t => t.LastSegment).Max(StringComparer.Ordinal);

    /// <param name="backupId">The backup the proof took (its Barman ID), or null for any new completed one.</param>
    public static ArchiveProof Judge(ArchiveMark before, Lineage? after, string? backupId)
    {
        if (after is null)
        {
            return new ArchiveProof(false, before.Lineage, null, null, null, $"lineage {before.Lineage} not found in S3");
        }

        var wal = LastWal(after);
        var newWal = wal is not null && (before.LastWal is null || string.CompareOrdinal(wal, before.LastWal) > 0) ? wal : null;
        var backup = after.Backups.LastOrDefault(b => !before.BackupIds.Contains(b.BackupId) && (backupId is null || b.BackupId == backupId));
        var problems = new List<string>();
        if (newWal is null)
        {
            problems.Add($"no WAL segment newer than {before.LastWal ?? "(none)"} (newest: {wal ?? "none"})");
        }

        if (backup is null)
        {
            problems.Add(backupId is null ? "no new backup" : $"backup {backupId} not in the catalog");
        }
        else if (!backup.IsDone)
        {
            problems.Add($"backup {backup.BackupId} is {backup.Status}, not DONE");
        }
        else if (before.SystemIds.Count > 0 && !before.SystemIds.Contains(backup.SystemId ?? string.Empty))
        {
            problems.Add($"backup {backup.BackupId} has systemid {backup.SystemId ?? "-"}, the lineage had {string.Join("/", before.SystemIds)}");
        }

        var evidence = $"WAL {before.LastWal ?? "none"} -> {wal ?? "none"}; backup {backup?.BackupId ?? "-"} systemid {backup?.SystemId ?? "-"}";
        return problems.Count == 0
            ? new ArchiveProof(true, before.Lineage, newWal, backup!.BackupId, backup.SystemId, $"lineage {before.Lineage} keeps archiving: {evidence}")
            : new ArchiveProof(false, before.Lineage, newWal, backup?.BackupId, backup?.SystemId, $"lineage {before.Lineage}: {string.Join("; ", problems)} ({evidence})");
    }
}
