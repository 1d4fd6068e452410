namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>Step names as the status query and approvals spell them.</summary>
public static class RunbookSteps
{
    public const string Plan = "plan";
    public const string Push = "push";
    public const string Merge = "merge";
    public const string HardRefresh = "hard-refresh";
    public const string Delete = "delete";
    public const string WaitPvcsGone = "wait-pvcs-gone";
    public const string RemoveFinalizers = "remove-finalizers";
    public const string Sync = "sync";
    public const string WatchRecovery = "watch-recovery";
    public const string Retarget = "retarget";
    public const string Validate = "validate";
    public const string ProveLineage = "prove-lineage";
    public const string RestartConsumers = "restart-consumers";
    public const string FlipBack = "flip-back";

    public const string Retry = "retry";

    /// <summary>Steps whose call, once started, finishes even when the run is stopped: they change things.</summary>
    public static readonly IReadOnlySet<string> Destructive = new HashSet<string>(StringComparer.Ordinal) { Push, Delete, RemoveFinalizers, RestartConsumers, FlipBack };

    public static string ApprovalKey(string step) => "approval:" + step;
}
