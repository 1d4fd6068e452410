using CnpgDrTemporal.Activities.Cnpg;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// <c>ApplicationFailureException.ErrorType</c> values of the recovery. The workflow never retries
/// these: a retry cannot change the answer, a human has to.
/// </summary>
public static class RecoveryErrorTypes
{
    /// <summary>Postgres FATAL "recovery ended before configured recovery target was reached".</summary>
    public const string RecoveryTargetUnreachable = ClusterFailureTypes.RecoveryTargetUnreachable;

    /// <summary>Barman "WAL archive check failed ... Expected empty archive": the write lineage is not empty.</summary>
    public const string ExpectedEmptyArchive = ClusterFailureTypes.ExpectedEmptyArchive;

    /// <summary>A safety guard of an activity said no (selfHeal on, skip-reconcile, wrong SHA, ...).</summary>
    public const string GuardRefused = ClusterFailureTypes.GuardRefused;

    public const string PlanRefused = "PlanRefused";
    public const string InvalidInput = "InvalidInput";
    public const string ValidationFailed = "ValidationFailed";
    public const string LineageNotProven = "LineageNotProven";
    public const string RecoveryTimedOut = ClusterFailureTypes.RecoveryTimedOut;
    public const string PvcsStuck = "PvcsStuck";

    /// <summary>Failures no activity retry can fix.</summary>
    public static readonly string[] NonRetryable = [RecoveryTargetUnreachable, ExpectedEmptyArchive, GuardRefused, PlanRefused, InvalidInput];
}
