using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CnpgDrTemporal.Activities.Cnpg;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// What an approval quotes: SHA-256 over everything the human decides on, the git change (its own
/// hash), the source, backup, target and write lineages, and the objects the delete will act on with
/// their UIDs. Any change to any of it is a new plan that needs new approvals. Pure: the workflow
/// computes it again when the delete target is pinned anew.
/// </summary>
public static class RecoveryPlanHash
{
    public static string Of(string gitPlanHash, string sourceLineage, string? backupId, DateTimeOffset? targetTime, string nextLineage, DeleteTarget? target)
    {
        var text = new StringBuilder()
            .Append("git ").AppendLine(gitPlanHash)
            .Append("source ").AppendLine(sourceLineage)
            .Append("backup ").AppendLine(backupId ?? "-")
            .Append("target ").AppendLine(targetTime?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "-")
            .Append("write ").AppendLine(nextLineage);
        if (target is not null)
        {
            text.Append("application ").AppendLine(target.Application.ToString())
                .Append("cluster ").Append(target.Cluster.ToString()).Append(' ').AppendLine(target.ClusterUid ?? "-");
            foreach (var pvc in target.Pvcs)
            {
                text.Append("pvc ").Append(pvc.Name).Append(' ').AppendLine(pvc.Uid ?? "-");
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Of(RecoveryPlan plan) =>
        Of(plan.Git?.PlanHash ?? string.Empty, plan.SourceLineage, plan.BackupId, plan.TargetTime, plan.NextLineage, plan.Target);
}
