namespace CnpgDrTemporal.Activities.Argo;

/// <summary>ArgoCD annotations, fields and status strings.</summary>
public static class ArgoNames
{
    public const string RefreshAnnotation = "argocd.argoproj.io/refresh";
    public const string HardRefresh = "hard";
    public const string SkipReconcileAnnotation = "argocd.argoproj.io/skip-reconcile";
    public const string RespectIgnoreDifferences = "RespectIgnoreDifferences=true";

    public const string OutOfSync = "OutOfSync";
    public const string Synced = "Synced";

    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Error = "Error";
    public const string Running = "Running";
}
