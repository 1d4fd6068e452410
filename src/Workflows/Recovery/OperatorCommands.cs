using System.Text.Json;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The exact <c>temporal</c> CLI commands that answer the workflow, shown in status and notifications.</summary>
public static class OperatorCommands
{
    public const string ApproverPlaceholder = "YOUR-NAME";

    public static string Approve(string ns, string workflowId, Approval approval) =>
        Signal(ns, workflowId, "approve", approval);

    public static string ApproveUpdate(string ns, string workflowId, Approval approval) =>
        $"temporal workflow update execute{NamespaceFlag(ns)} --workflow-id {workflowId} --name Approve --input '{Json(approval)}'";

    public static string Reject(string ns, string workflowId) =>
        Signal(ns, workflowId, "reject", new StopRequest("why not", ApproverPlaceholder));

    public static string Retarget(string ns, string workflowId, RetargetRequest example) =>
        Signal(ns, workflowId, "retarget", example);

    public static string Retry(string ns, string workflowId) =>
        Signal(ns, workflowId, "retry", new RetryRequest(ApproverPlaceholder, "what was fixed"));

    public static string Abort(string ns, string workflowId) =>
        Signal(ns, workflowId, "abort", new StopRequest("why", ApproverPlaceholder));

    public static string Signal(string ns, string workflowId, string name, object input) =>
        $"temporal workflow signal{NamespaceFlag(ns)} --workflow-id {workflowId} --name {name} --input '{Json(input)}'";

    /// <summary>JSON as the worker's data converter reads it; quoted for a POSIX shell.</summary>
    private static string Json(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), DrDataConverter.JsonOptions).Replace("'", "'\\''", StringComparison.Ordinal);

    private static string NamespaceFlag(string ns) => ns is "default" or "" ? string.Empty : $" --namespace {ns}";
}
