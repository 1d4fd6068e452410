namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>Step names as the status query, journal and approvals spell them.</summary>
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

    public static string ApprovalKey(string step) => "approval:" + step;
}
