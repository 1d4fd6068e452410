using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Data;
using System.Text.Json.Serialization;
using CnpgDrTemporal.Activities.Git;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// What the operator asked for; every field but the database is optional. <see cref="WalMaxParallel"/>
/// makes the commit also set the recovery source's <c>wal.maxParallel</c>.
/// </summary>
public sealed record PlanRequest(
    string Database,
    string? SourceLineage = null,
    string? BackupId = null,
    DateTimeOffset? TargetTime = null,
    string? NextLineage = null,
    PushMode PushMode = PushMode.Direct,
    IReadOnlyList<string>? ConsumerNamespaces = null,
    int? WalMaxParallel = null);

/// <summary>A preflight observation; <see cref="Blocking"/> findings refuse the plan.</summary>
public sealed record PreflightFinding(string Code, bool Blocking, string Evidence);

/// <summary>
/// The read-only plan: what will be committed (as a unified diff), from which backup, into which
/// new lineage, which consumers to restart (<c>Dr:Databases:&lt;db&gt;</c> unless the request names them).
/// <see cref="PlanHash"/> identifies it; every approval must quote it. A non-null
/// <see cref="Refusal"/> (protected database, guard failure) means the plan must not proceed.
/// </summary>
public sealed record RecoveryPlan(
    string Database,
    string Summary,
    string PlanHash,
    string SourceLineage,
    string? BackupId,
    DateTimeOffset? TargetTime,
    string CurrentLineage,
    string NextLineage,
    string ExpectedSystemId,
    DateTimeOffset? LastArchivedWalAt,
    IReadOnlyList<PreflightFinding> Findings,
    Baseline? Baseline,
    PushMode PushMode = PushMode.Direct,
    IReadOnlyList<string>? ConsumerNamespaces = null,
    string? Refusal = null,
    int? SourceTimeline = null,
    GitPlan? Git = null,
    StepTimings? Timings = null,
    DeleteTarget? Target = null)
{
    /// <summary>The change a human approves: the git plan's own diff, carried once in the payload.</summary>
    [JsonIgnore]
    public string Diff => Git?.Diff ?? string.Empty;

    /// <summary>Why this plan must not proceed, or null when it may.</summary>
    public string? RefusalReason() =>
        Refusal ?? (Findings.Where(f => f.Blocking).Select(f => $"{f.Code}: {f.Evidence}").ToList() is { Count: > 0 } blocking
            ? string.Join("; ", blocking)
            : null);
}
