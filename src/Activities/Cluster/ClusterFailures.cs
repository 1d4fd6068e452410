using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>Failures the workflow must not retry blindly: typed so it can match on <see cref="ClusterFailureTypes"/>.</summary>
public static class ClusterFailures
{
    public static ApplicationFailureException NonRetryable(string type, string message, params object?[] details) =>
        new(message, errorType: type, nonRetryable: true, details: details);

    public static ApplicationFailureException Retryable(string type, string message, params object?[] details) =>
        new(message, errorType: type, nonRetryable: false, details: details);
}
