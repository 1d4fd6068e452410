using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>Status query answers as a run of gitea returns them, for rendering tests without a server.</summary>
public static class CapturedStatus
{
    public const string Hash = "5d41402abc4b2a76b9719d911017c592aaf1e2c8b6e5d3c1f0a9b8c7d6e5f4a3";
    public static readonly DateTimeOffset T0 = new(2026, 8, 1, 3, 0, 0, TimeSpan.Zero);

    public const string Diff =
        "--- a/infrastructure/database/cloudnative-pg/gitea/kustomization.yaml\n" +
        "+++ b/infrastructure/database/cloudnative-pg/gitea/kustomization.yaml\n" +
        "@@ -3,3 +3,3 @@\n" +
        " resources:\n" +
        "-  - overlays/primary\n" +
        "+  - overlays/recovery\n";

    public static PendingApproval Pending(string step = "plan", string why = "push the plan to main") => new(
        step, "gitea", Hash, why, "recover gitea from gitea-database-v1 into gitea-database-v3 at 2026-08-01T02:30:00Z", Diff,
        T0, T0.AddHours(24), "temporal workflow signal ...", "temporal workflow update execute ...", "temporal workflow signal ...");

    public static RecoveryStatus AtPlanApproval() => Status(RunbookStates.WaitingForApproval, "approval:plan", [Step("plan", 0, 4)], Pending());

    public static RecoveryStatus Status(string state, string? current, IReadOnlyList<StepRecord> finished, PendingApproval? pending = null, RecoveryProgress? progress = null, RecoveryOutcome? outcome = null) => new(
        "gitea", state, current, 1, Hash, "recover gitea from gitea-database-v1", null, finished, pending,
        pending is null ? null : $"approval '{pending.Step}'", [], progress, [], null, null, outcome, []);

    public static StepRecord Step(string name, int startSecond, int endSecond, string result = "ok") =>
        new(name, 1, T0.AddSeconds(startSecond), T0.AddSeconds(endSecond), result);
}
