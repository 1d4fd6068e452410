using System.Globalization;
using System.Text;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>The human view of a catalog: one block per lineage.</summary>
public static class CatalogTable
{
    public static string Render(BackupCatalog catalog)
    {
        var sb = new StringBuilder();
        Line(sb, $"catalog of {catalog.Database} at {catalog.Location} ({catalog.Lineages.Count} lineage(s), {catalog.S3Requests} S3 requests)");
        foreach (var l in catalog.Lineages)
        {
            Line(sb, string.Empty);
            Line(sb, $"== {l.ServerName}  [{string.Join(", ", l.Verdicts.Select(v => v.Code))}]");
            Line(sb, $"   {"backup",-17} {"status",-7} {"end time (UTC)",-20} {"systemid",-20} {"size",10}  verdict");
            foreach (var b in l.Backups)
            {
                Line(sb, $"   {b.BackupId,-17} {b.Status,-7} {b.EndTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",-20} {b.SystemId ?? "-",-20} {CatalogVerdicts.Bytes(b.SizeBytes),10}  {string.Join(", ", b.Verdicts.Select(v => v.Code))}");
            }

            if (l.Backups.Count == 0)
            {
                Line(sb, "   (no base backups)");
            }

            foreach (var t in l.Wal.Timelines)
            {
                Line(sb, $"   WAL timeline {t.Timeline}: {t.FirstSegment} .. {t.LastSegment}, last archived {t.LastArchivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
            }

            if (l.Wal.HistoryFiles.Count > 0)
            {
                Line(sb, $"   history: {string.Join(", ", l.Wal.HistoryFiles)}");
            }

            foreach (var v in l.Verdicts.Where(v => v.Code != VerdictCodes.DataBearing).Concat(l.Backups.SelectMany(b => b.Verdicts.Where(v => v.Code != VerdictCodes.DataBearing).Select(v => v with { Evidence = $"{b.BackupId}: {v.Evidence}" }))))
            {
                Line(sb, $"   ! {v.Code}: {v.Evidence}");
            }
        }

        return sb.ToString();
    }

    public static string Render(TargetCheckResult r)
    {
        var sb = new StringBuilder();
        Line(sb, $"{(r.Reachable ? "REACHABLE" : "NOT REACHABLE")}: lineage {r.Lineage ?? "-"}, backup {r.BackupId ?? "-"}, target {(r.TargetTime is { } t ? t.ToString("O", CultureInfo.InvariantCulture) : "latest")}");
        if (r.RecoverableFrom is not null || r.RecoverableUntil is not null)
        {
            Line(sb, $"window: {r.RecoverableFrom:O} .. {r.RecoverableUntil:O} (last reachable WAL {r.LastReachableSegment})");
        }

        if (r.ProposedBackupIdPin is not null)
        {
            Line(sb, $"pin: backupID {r.ProposedBackupIdPin}");
        }

        foreach (var reason in r.Reasons)
        {
            Line(sb, $"- {reason}");
        }

        return sb.ToString().TrimEnd();
    }

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
