using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.Argo;

/// <summary>How the sync ended: Argo's phase, the revision it synced, when the operation started and Argo's message.</summary>
public sealed record SyncResult(string Phase, string Revision, string? StartedAt, string? Message);

/// <summary>Heartbeat details of the sync: which operation was there before ours.</summary>
public sealed record SyncProgress(string? PreviousStartedAt, bool Patched);

/// <summary>
/// Step 6: start a sync to the pushed SHA by merge-patching <c>operation</c>, then wait for an operation
/// that started after ours was requested: <c>Succeeded</c> with our revision passes; anything else fails
/// with Argo's own message. A retried attempt does not start a second sync.
/// </summary>
public sealed partial class ArgoSync(KubeApi api)
{
    public async Task<SyncResult> RunAsync(AppRef application, string requestedRevision, CancellationToken ct)
    {
        var revision = requestedRevision.Trim();
        if (!Sha().IsMatch(revision))
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.GuardRefused, $"sync revision '{requestedRevision}' is not a git commit SHA (7-40 hex digits)");
        }

        var (ns, name) = (application.Namespace, application.Name);
        var what = Crd.Application.Describe(ns, name);
        var app = await api.GetRequiredAsync(Crd.Application, ns, name, ct).ConfigureAwait(false);
        if (app.Str("metadata", "annotations", ArgoNames.SkipReconcileAnnotation) == "true")
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.SyncBlocked, $"{what} has {ArgoNames.SkipReconcileAnnotation}=true: a sync would 'succeed' while nothing happens");
        }

        var resumed = await Heartbeats<SyncProgress>.ResumeAsync().ConfigureAwait(false);
        var progress = resumed ?? new SyncProgress(app.Str("status", "operationState", "startedAt"), false);
        await using var beats = new Heartbeats<SyncProgress>(progress, api.Options.HeartbeatInterval);

        var signal = new ChangeSignal();
        await using var watched = await api.WatchAsync(api.CrdSource(Crd.Application, ns, name), signal, ct).ConfigureAwait(false);
        if (NeedsPatch(app, progress, revision, what))
        {
            await api.MergePatchAsync(Crd.Application, ns, name, SyncPatch(revision, api.Options.SyncUsername), ct).ConfigureAwait(false);
            beats.Report(progress with { Patched = true });
        }

        JsonObject? seen = null;
        var deadline = new Deadline(api.Options.SyncTimeout);
        var finished = await Waits.UntilAsync(
            signal,
            deadline,
            api.Options.HeartbeatInterval,
            () =>
            {
                seen = watched.Items.FirstOrDefault() ?? throw new DrException($"{what} disappeared during the sync");
                var op = seen.At("status", "operationState");
                var ours = op.Str("startedAt") is { } started && started != progress.PreviousStartedAt;
                return ours && op.Str("phase") is ArgoNames.Succeeded or ArgoNames.Failed or ArgoNames.Error ? op as JsonObject : null;
            },
            () => new DrException($"sync of {what} to {revision} did not finish within {Waits.Format(deadline.Budget)}: last operation phase {seen.Str("status", "operationState", "phase") ?? "none"}, started {seen.Str("status", "operationState", "startedAt") ?? "-"}"),
            ct).ConfigureAwait(false);

        var phase = finished.Str("phase")!;
        var message = finished.Str("message");
        var synced = finished.Str("syncResult", "revision") ?? finished.Str("operation", "sync", "revision");
        if (phase != ArgoNames.Succeeded)
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.SyncFailed, $"sync of {what} to {revision} ended {phase}: {message ?? "no message"}", phase, message);
        }

        if (synced is null || !synced.StartsWith(revision, StringComparison.OrdinalIgnoreCase))
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.SyncRevisionMismatch, $"sync of {what} succeeded at revision {synced ?? "unknown"}, not the pushed {revision}: the cluster runs another commit", synced);
        }

        return new SyncResult(phase, synced, finished.Str("startedAt"), message);
    }

    public static JsonObject SyncPatch(string revision, string username) => new()
    {
        ["operation"] = new JsonObject
        {
            ["initiatedBy"] = new JsonObject { ["username"] = username },
            ["sync"] = new JsonObject { ["revision"] = revision },
        },
    };

    /// <summary>False when our operation is already requested or running (a retried attempt); throws when another one is.</summary>
    private static bool NeedsPatch(JsonObject app, SyncProgress progress, string revision, string what)
    {
        if (app.At("operation") is JsonObject pending)
        {
            var theirs = pending.Str("sync", "revision");
            return theirs is not null && theirs.StartsWith(revision, StringComparison.OrdinalIgnoreCase)
                ? false
                : throw ClusterFailures.Retryable(ClusterFailureTypes.SyncBlocked, $"{what} already has a pending operation (revision {theirs ?? "-"}, by {pending.Str("initiatedBy", "username") ?? "-"})");
        }

        var state = app.At("status", "operationState");
        if (state.Str("startedAt") != progress.PreviousStartedAt)
        {
            return false; // an operation started since the first attempt: ours
        }

        return state.Str("phase") == ArgoNames.Running
            ? throw ClusterFailures.Retryable(ClusterFailureTypes.SyncBlocked, $"{what} is running another operation (started {state.Str("startedAt")})")
            : true; // nothing pending and nothing started since: (re)request ours
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Sha();
}
