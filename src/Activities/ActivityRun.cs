using System.Security.Cryptography;
using System.Text;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities;

/// <summary>
/// Names derived from the workflow run an activity works for: a retried attempt, or one resumed on
/// another worker after a crash, finds the object its earlier attempt created instead of creating a
/// second one; another run of the workflow gets names of its own.
/// </summary>
public static class ActivityRun
{
    /// <summary>10 hex characters for the current workflow run; null outside an activity (the CLI verbs).</summary>
    public static string? Tag() =>
        ActivityExecutionContext.HasCurrent && ActivityExecutionContext.Current.Info is { WorkflowId: { } id, WorkflowRunId: { } runId } ? TagOf(id, runId) : null;

    public static string TagOf(string workflowId, string runId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflowId}/{runId}")))[..10];
}
