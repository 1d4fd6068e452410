using CnpgDrTemporal.Activities.GitOps;
using System.Text;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>Several database directories in one commit (a cluster rebuild): same guarantees as one plan.</summary>
public sealed partial class GitPusher
{
    public async Task<PushResult> PushAllAsync(MultiPushRequest request, CancellationToken ct)
    {
        var plans = request.Plans;
        if (plans.GroupBy(p => p.Directory, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw GitOpsException.BadInput($"two plans change {twice.Key}: one plan per database directory");
        }

        if (plans.Count == 0)
        {
            using var checkout = remote.Clone("head", ct);
            return new PushResult(checkout.Head.Sha, remote.Options.Branch, OnTrackedBranch: true, AlreadyPresent: true, 1);
        }

        var at = request.RequestedAt ?? plans.Min(p => p.PlannedAt);
        var target = request.Mode == PushMode.Direct ? remote.Options.Branch : ReviewBranch(request.BranchName, at);
        var summary = string.Join("; ", plans.Select(p => p.Summary));
        return await PushPlansAsync(plans, CombinedMessage(request.Subject, plans), summary, request.Mode, target, ct).ConfigureAwait(false);
    }

    /// <summary>Subject, one summary line per plan, then every plan's trailer so each plan finds its commit.</summary>
    public static string CombinedMessage(string subject, IReadOnlyList<GitPlan> plans)
    {
        var text = new StringBuilder(subject).Append("\n\n");
        foreach (var plan in plans)
        {
            text.Append("- ").Append(plan.Summary).Append('\n');
        }

        text.Append('\n');
        foreach (var plan in plans)
        {
            text.Append(GitOpsNames.PlanHashTrailer).Append(": ").Append(plan.PlanHash).Append('\n');
        }

        return text.ToString();
    }
}
