using System.Globalization;
using System.Text;
using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>The human view of a validation report and a local restore.</summary>
public static class ValidationTable
{
    public static string Render(ValidationReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"validation of {report.Database} ({report.Target}): {(report.Passed ? "PASS" : "FAIL")}\n");
        foreach (var c in report.Checks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  [{(c.Passed ? " ok " : "FAIL")}] {c.Name,-28} expected {c.Expected,-28} actual {c.Actual}{(c.Detail is null ? string.Empty : "  (" + c.Detail + ")")}\n");
        }

        return sb.ToString();
    }

    public static string Render(LocalRestoreReport r) =>
        string.Create(CultureInfo.InvariantCulture, $"local restore of {r.Database} from {r.Lineage}@{r.BackupId}: download {r.Timings.Download.TotalSeconds:F1}s, WAL replay {r.Timings.WalReplay.TotalSeconds:F1}s ({r.WalSegmentsRestored} segments, {r.WalSegmentsRestored / Math.Max(r.Timings.WalReplay.TotalSeconds, 0.001):F1} segments/s{Prefetch(r)}), total {r.Timings.Total.TotalSeconds:F1}s\n")
        + Render(r.Validation);

    private static string Prefetch(LocalRestoreReport r) =>
        r.Prefetch is not { } p ? ", no prefetch"
            : string.Create(CultureInfo.InvariantCulture, $", {p.TakenFromSpool} from the prefetch spool, {p.AnsweredFound + p.AnsweredAbsent} requests answered from S3, {p.AskedBarman} from barman-cloud-wal-restore, peak {p.PeakSpoolBytes >> 20} of {p.MaxSpoolBytes >> 20} MiB");
}
