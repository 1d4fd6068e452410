using CnpgDrTemporal.Activities.Kubernetes;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>How far the log of one recovery pod was read (lines), and whether the pod ended.</summary>
public sealed record PodLogPosition(string Pod, int Lines, bool Finished, string? Phase);

/// <summary>
/// Recovery as the restore job's log and the Cluster tell it: heartbeat details while it runs (a retry
/// resumes from them), the step's result once <see cref="Done"/>, and what the next watch slice resumes
/// from: per-pod log positions and <see cref="WatchStartedAt"/>, from which the watch's deadlines count.
/// </summary>
public sealed record RecoveryProgress(
    bool Done,
    int RestoredFiles,
    string? LastRestoredFile,
    string? ConsistentRecovery,
    string? LastLine,
    string? ClusterPhase,
    IReadOnlyList<PodLogPosition> Pods,
    DateTimeOffset? WatchStartedAt = null)
{
    public static RecoveryProgress Empty { get; } = new(false, 0, null, null, null, null, []);
}

/// <summary>
/// Step 7: follow the logs of the full-recovery pods (the next one too when the Job retries), put WAL
/// progress into heartbeats, fail non-retryably on the FATAL target or the non-empty archive, and
/// succeed when the Cluster is healthy and Ready. A retried attempt skips the lines it already read.
/// </summary>
public sealed class RecoveryWatch(KubeApi api)
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);
    private readonly ILogger logger = api.Logger<RecoveryWatch>();
    private Heartbeats<RecoveryProgress>? current;

    /// <summary>The last progress seen, also after the watch was cancelled (a watch slice ending).</summary>
    public RecoveryProgress? LastProgress => current?.Latest;

    /// <param name="resumeFrom">The previous slice's progress: its log positions are not read again and its deadlines go on.</param>
    public async Task<RecoveryProgress> RunAsync(ClusterRef cluster, RecoveryProgress? resumeFrom, CancellationToken ct)
    {
        var options = api.Options;
        // A retry of this attempt resumes from its heartbeat, a new slice from the previous slice's result.
        var state = await Heartbeats<RecoveryProgress>.ResumeAsync().ConfigureAwait(false) ?? resumeFrom ?? RecoveryProgress.Empty;
        state = state.WatchStartedAt is null ? state with { WatchStartedAt = DateTimeOffset.UtcNow } : state;
        var spent = DateTimeOffset.UtcNow - state.WatchStartedAt!.Value;
        spent = spent > TimeSpan.Zero ? spent : TimeSpan.Zero;
        await using var beats = new Heartbeats<RecoveryProgress>(state, options.HeartbeatInterval);
        current = beats;
        var signal = new ChangeSignal();
        await using var clusters = await api.WatchAsync(api.CrdSource(Crd.Cluster, cluster.Namespace, cluster.Name), signal, ct).ConfigureAwait(false);
        await using var pods = await api.WatchAsync(api.PodSource(cluster.Namespace, CnpgNames.RecoveryPodSelector(cluster.Name)), signal, ct).ConfigureAwait(false);
        var podDeadline = new Deadline(options.RecoveryPodTimeout, spent);
        var deadline = new Deadline(options.RecoveryTimeout, spent);

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var next = signal.Next;
            var live = clusters.Items.FirstOrDefault();
            // Read once per pass: the clock may cross the deadline between the two checks below, and a
            // Cluster that does not exist must then fail as ClusterMissing, not as NoRecoveryPod.
            var podLate = podDeadline.Passed;
            CheckCluster(cluster, live, beats.Latest);
            if (live is null && podLate)
            {
                // The sync should have created it long ago: polling for hours would only hide that.
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.ClusterMissing,
                    $"Cluster {cluster} does not exist {Waits.Format(podDeadline.Elapsed)} after the recovery watch started: the sync did not create it (check the Application's sync result and events)",
                    beats.Latest);
            }

            var recoveryPods = pods.Items.OrderBy(p => p.Metadata.CreationTimestamp).ThenBy(p => p.Name(), StringComparer.Ordinal).ToList();
            var unread = recoveryPods.FirstOrDefault(p => !IsFinished(beats.Latest, p.Name()) && p.Status?.Phase != KubeNames.PodPending);
            if (unread is not null && await FollowAsync(cluster, unread, beats, ct).ConfigureAwait(false))
            {
                continue;
            }

            var pending = recoveryPods.Any(p => !IsFinished(beats.Latest, p.Name()));
            if (!pending && ClusterShape.IsHealthy(live))
            {
                // Pods and Cluster come on separate watch streams: confirm with a fresh list that no recovery pod is left unread.
                var late = (await ListRecoveryPodsAsync(cluster, ct).ConfigureAwait(false)).FirstOrDefault(p => !IsFinished(beats.Latest, p.Name()) && p.Status?.Phase != KubeNames.PodPending);
                if (late is null)
                {
                    return Done(cluster, beats.Latest, live);
                }

                if (!await FollowAsync(cluster, late, beats, ct).ConfigureAwait(false))
                {
                    await ChangeSignal.WaitAsync(next, deadline, options.HeartbeatInterval, ct).ConfigureAwait(false);
                }

                continue;
            }

            if (beats.Latest.Pods.Count == 0 && recoveryPods.Count == 0 && podLate)
            {
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.NoRecoveryPod, $"no recovery pod appeared within {Waits.Format(podDeadline.Budget)}: no pod labelled {CnpgNames.RecoveryPodSelector(cluster.Name)} in namespace {cluster.Namespace} (Cluster phase '{ClusterShape.Phase(live) ?? (live is null ? "no Cluster" : "-")}')", beats.Latest);
            }

            if (deadline.Passed)
            {
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.RecoveryTimedOut, $"recovery of Cluster {cluster} not finished within {Waits.Format(deadline.Budget)}: phase '{ClusterShape.Phase(live) ?? "-"}', {live.DescribeCondition(CnpgNames.ReadyCondition)}, {beats.Latest.RestoredFiles} WAL file(s) restored, last '{beats.Latest.LastLine ?? "-"}'", beats.Latest);
            }

            var until = beats.Latest.Pods.Count == 0 && recoveryPods.Count == 0 && podDeadline.Remaining < deadline.Remaining ? podDeadline : deadline;
            await ChangeSignal.WaitAsync(next, until, options.HeartbeatInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<IList<V1Pod>> ListRecoveryPodsAsync(ClusterRef cluster, CancellationToken ct) =>
        (await api.Calls.RunAsync("list", $"pods in {cluster.Namespace}",
            c => api.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: CnpgNames.RecoveryPodSelector(cluster.Name), cancellationToken: c), ct).ConfigureAwait(false)).Items;

    private static void CheckCluster(ClusterRef cluster, JsonObject? live, RecoveryProgress progress)
    {
        if (live is null)
        {
            return;
        }

        if (!ClusterShape.IsRecovery(live))
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.NotARecoveryBootstrap,
                $"Cluster {cluster} was created with bootstrap '{ClusterShape.Bootstrap(live) ?? "none"}', not recovery: Argo synced a state without the recovery overlay (stale cache?); it will come up empty",
                progress);
        }

        if (ClusterShape.Phase(live) == CnpgNames.UnrecoverablePhase)
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.RecoveryFailed,
                $"Cluster {cluster} is in phase '{CnpgNames.UnrecoverablePhase}' ({live.Str("status", "phaseReason") ?? "no reason"}) after {progress.RestoredFiles} WAL file(s); last line '{progress.LastLine ?? "-"}'",
                progress);
        }
    }

    private RecoveryProgress Done(ClusterRef cluster, RecoveryProgress progress, JsonObject? live)
    {
        if (progress.ConsistentRecovery is null)
        {
            logger.LogWarning("Cluster {Cluster} is healthy but no '{Marker}' line was read (recovery pods: {Pods})", cluster, RecoveryMarkers.Consistent, progress.Pods.Count);
        }

        return progress with { Done = true, ClusterPhase = ClusterShape.Phase(live) ?? CnpgNames.HealthyPhase };
    }

    /// <summary>Reads the pod's log to its end; true when something was learnt (the loop re-checks at once).</summary>
    private async Task<bool> FollowAsync(ClusterRef cluster, V1Pod pod, Heartbeats<RecoveryProgress> beats, CancellationToken ct)
    {
        var name = pod.Name();
        var position = beats.Latest.Pods.FirstOrDefault(p => p.Pod == name) ?? new PodLogPosition(name, 0, false, pod.Status?.Phase);
        Stream stream;
        try
        {
            stream = await api.Calls.RunAsync("get", $"pods/log {cluster.Namespace}/{name}",
                c => api.Client.CoreV1.ReadNamespacedPodLogAsync(name, cluster.Namespace, follow: true, cancellationToken: c), ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            logger.LogDebug("log of {Pod} not readable yet: {Error}", name, e.Message);
            return false; // container not started yet, or the pod just went away: wait for the next change
        }

        var lines = 0;
        var sinceReport = Stopwatch.StartNew();
        using (var reader = new StreamReader(stream))
        {
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } raw)
            {
                if (++lines <= position.Lines)
                {
                    continue; // read by an earlier attempt
                }

                var line = RecoveryLog.Parse(raw);
                var progress = Apply(beats.Latest, line, position with { Lines = lines });
                Fail(cluster, name, line, progress);
                // Every line moves the resume point; WAL files come by the thousand, so beat at most once a second for them.
                if (line.Kind != RecoveryLineKind.Restored || sinceReport.Elapsed >= ReportEvery)
                {
                    beats.Report(progress);
                    sinceReport.Restart();
                }
                else
                {
                    beats.Update(progress);
                }
            }
        }

        var now = await api.Calls.GetOrNullAsync($"pod {cluster.Namespace}/{name}",
            c => api.Client.CoreV1.ReadNamespacedPodAsync(name, cluster.Namespace, cancellationToken: c), ct).ConfigureAwait(false);
        var phase = now?.Status?.Phase;
        var finished = now is null || phase is KubeNames.PodSucceeded or KubeNames.PodFailed;
        var ended = beats.Latest.Pods.FirstOrDefault(p => p.Pod == name) ?? position;
        beats.Report(Upsert(beats.Latest, ended with { Lines = Math.Max(ended.Lines, lines), Finished = finished, Phase = phase ?? "gone" }));
        if (finished)
        {
            logger.LogInformation("recovery pod {Pod} ended {Phase} after {Lines} log line(s)", name, phase ?? "(deleted)", lines);
        }

        return finished || lines > position.Lines;
    }

    private static RecoveryProgress Apply(RecoveryProgress p, RecoveryLine line, PodLogPosition position)
    {
        var next = Upsert(p, position) with { LastLine = line.Message };
        return line.Kind switch
        {
            RecoveryLineKind.Restored => next with { RestoredFiles = p.RestoredFiles + 1, LastRestoredFile = line.File },
            RecoveryLineKind.Consistent => next with { ConsistentRecovery = line.Message },
            _ => next,
        };
    }

    private static void Fail(ClusterRef cluster, string pod, RecoveryLine line, RecoveryProgress progress)
    {
        switch (line.Kind)
        {
            case RecoveryLineKind.TargetUnreachable:
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.RecoveryTargetUnreachable,
                    $"recovery of Cluster {cluster} cannot reach its target (pod {pod}): '{line.Message}'. WAL ends before the target time: choose an earlier target or the latest point ({progress.RestoredFiles} WAL file(s) restored, last {progress.LastRestoredFile ?? "-"})",
                    progress);
            case RecoveryLineKind.ExpectedEmptyArchive:
                throw ClusterFailures.NonRetryable(ClusterFailureTypes.ExpectedEmptyArchive,
                    $"recovery of Cluster {cluster} refused by the WAL archive check (pod {pod}): '{line.Message}'. The write lineage already holds WAL: bump it to an unused serverName",
                    progress);
        }
    }

    private static bool IsFinished(RecoveryProgress p, string pod) => p.Pods.Any(x => x.Pod == pod && x.Finished);

    private static RecoveryProgress Upsert(RecoveryProgress p, PodLogPosition position) =>
        p with
        {
            Pods = p.Pods.Any(x => x.Pod == position.Pod)
                ? p.Pods.Select(x => x.Pod == position.Pod ? position : x).ToList()
                : p.Pods.Append(position).ToList(),
        };
}
