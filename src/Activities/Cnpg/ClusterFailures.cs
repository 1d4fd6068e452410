using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>Failures the workflow must not retry blindly: typed so it can match on <see cref="ClusterFailureTypes"/>.</summary>
public static class ClusterFailures
{
    public static ApplicationFailureException NonRetryable(string type, string message, params object?[] details) =>
        new(message, errorType: type, nonRetryable: true, details: details);

    public static ApplicationFailureException Retryable(string type, string message, params object?[] details) =>
        new(message, errorType: type, nonRetryable: false, details: details);
}

/// <summary>Error types of the non-retryable (and a few retryable) failures; workflows match on them.</summary>
public static class ClusterFailureTypes
{
    public const string RecoveryTargetUnreachable = "RecoveryTargetUnreachable";
    public const string ExpectedEmptyArchive = "ExpectedEmptyArchive";
    public const string RecoveryFailed = "RecoveryFailed";
    public const string NotARecoveryBootstrap = "NotARecoveryBootstrap";
    public const string PvcsStuckTerminating = "PvcsStuckTerminating";
    public const string SyncFailed = "SyncFailed";
    public const string SyncRevisionMismatch = "SyncRevisionMismatch";
    public const string SyncBlocked = "SyncBlocked";
    public const string ClusterNotOutOfSync = "ClusterNotOutOfSync";
    public const string BackupFailed = "BackupFailed";
    public const string NoRecoveryPod = "NoRecoveryPod";
    public const string ClusterMissing = "ClusterMissing";
    public const string RecoveryTimedOut = "RecoveryTimedOut";

    /// <summary>A safety check said no: retrying cannot change the answer, a human has to.</summary>
    public const string GuardRefused = "GuardRefused";

    /// <summary>The objects or guards differ from what the delete approval covered: nothing was deleted, a new approval is needed.</summary>
    public const string TargetChanged = "TargetChanged";
}
