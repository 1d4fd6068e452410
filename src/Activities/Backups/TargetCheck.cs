namespace CnpgDrTemporal.Activities.Backups;

/// <summary>A recovery target to check: a lineage and at most a backup pin and a time.</summary>
public sealed record TargetCheckRequest(string Database, string? Lineage = null, string? BackupId = null, DateTimeOffset? TargetTime = null);

/// <summary>
/// Whether a target can be reached, and why. <see cref="ProposedBackupIdPin"/> is set when
/// "latest" would pick the wrong backup (a polluted lineage) and the plan must pin one.
/// </summary>
public sealed record TargetCheckResult(
    bool Reachable,
    string? Lineage,
    string? BackupId,
    string? SystemId,
    DateTimeOffset? TargetTime,
    DateTimeOffset? RecoverableFrom,
    DateTimeOffset? RecoverableUntil,
    string? LastReachableSegment,
    string? ProposedBackupIdPin,
    IReadOnlyList<string> Reasons);

/// <summary>Answers "can CNPG reach this target from this lineage?" with an exact WAL scan of the range needed.</summary>
public sealed class TargetChecker(BackupCatalogReader catalogReader, BucketReaderFactory factory)
{
    public async Task<TargetCheckResult> CheckAsync(TargetCheckRequest request, BackupCatalog? catalog = null, CancellationToken ct = default)
    {
        catalog ??= await catalogReader.ReadAsync(request.Database, ct: ct).ConfigureAwait(false);
        var lineage = request.Lineage is null
            ? catalog.Lineages.LastOrDefault(l => l.Is(VerdictCodes.DataBearing))
            : catalog.Find(request.Lineage);
        if (lineage is null)
        {
            var known = string.Join(", ", catalog.Lineages.Select(l => l.ServerName));
            var why = request.Lineage is null ? "no lineage holds a data-bearing backup" : $"lineage {request.Lineage} is not in {catalog.Location}";
            return Refused(request, null, $"{why} (lineages: {(known.Length == 0 ? "none" : known)})");
        }

        var dataSystemId = lineage.Backups.LastOrDefault(b => b.Is(VerdictCodes.DataBearing))?.SystemId;
        var (backup, pin, refusal) = ChooseBackup(request, lineage, dataSystemId);
        if (backup is null)
        {
            return Refused(request, lineage.ServerName, refusal!);
        }

        var reasons = new List<string>();
        if (pin is not null)
        {
            reasons.Add($"{lineage.ServerName} is polluted: its newest DONE backup is not systemid {dataSystemId}; pin backupID {pin}");
        }

        var scanner = new WalArchiveScanner(factory.Create(), $"{catalogReader.DatabasePrefix(request.Database)}{lineage.ServerName}/");
        var target = request.TargetTime;
        var scan = await scanner.ScanAsync(WalSegment.Parse(backup.BeginWal!), null, e => target is not null && e.LastModified > target, int.MaxValue, stopAtGap: true, ct).ConfigureAwait(false);
        var until = scan.LastContiguous?.LastModified;
        var ok = true;
        if (scan.LastContiguousSegment is null || scan.Gaps is [{ LastBefore: null }, ..])
        {
            ok = false;
            reasons.Add($"begin_wal {backup.BeginWal} of backup {backup.BackupId} is no longer in the archive (aged out)");
        }
        else if (backup.EndWal is not null && scan.LastContiguousSegment.Value.Number < WalSegment.Parse(backup.EndWal).Number)
        {
            ok = false;
            reasons.Add($"WAL up to end_wal {backup.EndWal} is incomplete: backup {backup.BackupId} cannot become consistent");
        }

        if (scan.Gaps.Count > 0)
        {
            reasons.Add($"replay stops at a gap: {CatalogVerdicts.Describe(scan.Gaps[0])}");
        }

        if (target is { } t && ok)
        {
            if (backup.EndTime is { } end && t <= end)
            {
                ok = false;
                reasons.Add($"target {t:O} is not after backup {backup.BackupId} ended ({end:O})");
            }
            else if (until is null || t >= until)
            {
                ok = false;
                reasons.Add($"target {t:O} is after the last WAL reachable without a gap ({scan.LastContiguousSegment} archived {until:O})");
            }
        }

        if (ok)
        {
            reasons.Add(target is null
                ? $"latest: replay {backup.BackupId} and WAL up to {scan.LastContiguousSegment} (archived {until:O})"
                : $"target inside [{backup.EndTime:O}, {until:O}) of backup {backup.BackupId}");
        }

        return new TargetCheckResult(ok, lineage.ServerName, backup.BackupId, backup.SystemId, target, backup.EndTime, until, scan.LastContiguousSegment?.Name, pin, reasons);
    }

    private static (BaseBackup? Backup, string? Pin, string? Refusal) ChooseBackup(TargetCheckRequest request, Lineage lineage, string? dataSystemId)
    {
        static bool Usable(BaseBackup b) => b.IsDone && !b.Is(VerdictCodes.SuspectEmpty) && !b.Is(VerdictCodes.AgedOut) && !b.Is(VerdictCodes.Unreadable);
        if (request.BackupId is { } id)
        {
            var b = lineage.Backups.FirstOrDefault(x => x.BackupId == id);
            if (b is null)
            {
                return (null, null, $"backup {id} is not in {lineage.ServerName} (backups: {string.Join(", ", lineage.Backups.Select(x => x.BackupId))})");
            }

            if (!b.IsDone)
            {
                return (null, null, $"backup {id} has status {b.Status}, not DONE");
            }

            var bad = b.Verdicts.FirstOrDefault(v => v.Code is VerdictCodes.SuspectEmpty or VerdictCodes.AgedOut or VerdictCodes.Unreadable);
            return bad is null ? (b, null, null) : (null, null, $"backup {id} is {bad.Code}: {bad.Evidence}");
        }

        var candidates = lineage.Backups.Where(b => Usable(b) && (dataSystemId is null || b.SystemId == dataSystemId)).ToList();
        if (request.TargetTime is { } t)
        {
            var before = candidates.LastOrDefault(b => b.EndTime < t);
            return before is null
                ? (null, null, $"no usable backup of {lineage.ServerName} ended before {t:O} (first ends {candidates.FirstOrDefault()?.EndTime:O})")
                : (before, PinIfPolluted(lineage, before), null);
        }

        var latest = candidates.LastOrDefault();
        return latest is null ? (null, null, $"{lineage.ServerName} has no usable DONE backup") : (latest, PinIfPolluted(lineage, latest), null);
    }

    /// <summary>CNPG restores the newest DONE backup before the target; if that one is of another systemid, pin ours.</summary>
    private static string? PinIfPolluted(Lineage lineage, BaseBackup chosen)
    {
        var newestDone = lineage.Backups.LastOrDefault(b => b.IsDone);
        return newestDone is not null && newestDone.BackupId != chosen.BackupId && newestDone.SystemId != chosen.SystemId ? chosen.BackupId : null;
    }

    private static TargetCheckResult Refused(TargetCheckRequest r, string? lineage, string reason) =>
        new(false, lineage, r.BackupId, null, r.TargetTime, null, null, null, null, [reason]);
}
