using CnpgDrTemporal.Activities.Cnpg;
using System.Text;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>The human view of a preflight: the verdict, then each finding with its evidence.</summary>
public static class PreflightTable
{
    public static string Render(PreflightReport r)
    {
        var sb = new StringBuilder();
        var t = r.Target;
        Line(sb, $"preflight of {r.Database}: {(r.Passed ? "PASS" : "REFUSED")}");
        Line(sb, $"application {t.Application}, cluster {t.Cluster?.ToString() ?? "(namespace unknown)"}");
        if (r.Cluster is { Present: true } c)
        {
            Line(sb, $"live cluster: phase '{c.Phase ?? "-"}', bootstrap {c.Bootstrap ?? "-"}, write lineage {c.WriteLineage ?? "-"} ({c.BackupMethod ?? "no backup"}), ready {c.Ready}, archiving {c.ContinuousArchiving}");
        }

        Line(sb, string.Empty);
        foreach (var f in r.Findings)
        {
            Line(sb, $"{Mark(f.Level),-7} {f.Code,-30} {f.Message}");
            Line(sb, $"{string.Empty,-7} {string.Empty,-30} evidence: {f.Evidence}");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Mark(FindingLevel level) => level switch
    {
        FindingLevel.Pass => "ok",
        FindingLevel.Info => "info",
        FindingLevel.Warning => "WARN",
        _ => "REFUSE",
    };

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
