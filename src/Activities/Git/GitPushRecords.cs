using System.Text.Json.Serialization;
using CnpgDrTemporal.Activities.GitOps;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>How a commit reaches the branch Argo CD tracks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PushMode>))]
public enum PushMode
{
    /// <summary>Commit and push to the branch Argo CD tracks.</summary>
    Direct,

    /// <summary>Push a new branch <c>dr/&lt;db&gt;-&lt;yyyyMMddHHmmss&gt;</c> for review.</summary>
    ReviewBranch,
}

/// <summary>
/// Push exactly <paramref name="Plan"/>. <paramref name="RequestedAt"/> names the review branch
/// (pass the workflow's time so that a retry reuses the same name; default: the plan's time).
/// </summary>
public sealed record PushRequest(GitPlan Plan, PushMode Mode = PushMode.Direct, DateTimeOffset? RequestedAt = null);

/// <summary>
/// The pushed commit. <paramref name="Branch"/> is the review branch when not <paramref name="OnTrackedBranch"/>;
/// <paramref name="AlreadyPresent"/> when an earlier run had pushed it already.
/// </summary>
public sealed record PushResult(string Sha, string Branch, bool OnTrackedBranch, bool AlreadyPresent = false, int Attempts = 1);

/// <summary>
/// Push several plans, at most one per database directory, as ONE commit titled <paramref name="Subject"/>.
/// <paramref name="BranchName"/> names the review branch (<c>dr/&lt;name&gt;-&lt;time&gt;</c>) in review mode.
/// An empty list pushes nothing and returns the tracked branch's head.
/// </summary>
public sealed record MultiPushRequest(
    IReadOnlyList<GitPlan> Plans,
    string Subject,
    string BranchName,
    PushMode Mode = PushMode.Direct,
    DateTimeOffset? RequestedAt = null);
