using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>A commit on the GitOps remote. <see cref="Branch"/> is the review branch when not pushed directly.</summary>
public sealed record PushResult(string Sha, string Branch, bool OnTrackedBranch);

public sealed record PushRequest(RecoveryPlan Plan);

public sealed record HardRefreshRequest(string Database);

/// <summary>Argo CD reconciled after the hard refresh; <see cref="Revision"/> is the commit it now sees.</summary>
public sealed record HardRefreshResult(DateTimeOffset ReconciledAt, string? Revision, bool ClusterOutOfSync);

public sealed record DeleteClusterRequest(string Database, string PlanHash);

public sealed record DeleteClusterResult(bool ClusterDeleted, IReadOnlyList<string> PvcsDeleted);

public sealed record WaitPvcsGoneRequest(string Database, TimeSpan StuckAfter);

public sealed record StuckPvc(string Name, IReadOnlyList<string> Finalizers);

/// <summary>Empty <see cref="Stuck"/> = every PVC is gone. Stuck PVCs are returned, not thrown: removing a finalizer needs its own approval.</summary>
public sealed record PvcWaitResult(IReadOnlyList<StuckPvc> Stuck);

public sealed record RemovePvcFinalizersRequest(string Database, IReadOnlyList<string> PvcNames);

public sealed record RemovePvcFinalizersResult(IReadOnlyList<string> Patched);

public sealed record SyncRequest(string Database, string Revision);

public sealed record SyncResult(string Phase, string Revision, string? Message);

/// <summary>
/// One slice of the recovery watch: the activity watches for at most <see cref="Slice"/>, heartbeating,
/// then returns its progress so the workflow can show it; the next slice resumes from it.
/// </summary>
public sealed record WatchRecoveryRequest(string Database, string ExpectedSystemId, RecoveryProgress? ResumeFrom, TimeSpan Slice);

/// <summary>Recovery as the restore job's log and the Cluster status tell it.</summary>
public sealed record RecoveryProgress(bool Done, int WalFilesRestored, string? LastLogLine, string? ClusterPhase, bool ConsistentStateReached);

/// <summary>Validate the recovered database against the chosen backup's systemid, its timeline and the baseline.</summary>
public sealed record ValidateRecoveryRequest(string Database, string ExpectedSystemId, int? SourceTimeline, Baseline? Baseline);

public sealed record ProveLineageRequest(string Database, string NextLineage);

public sealed record LineageProof(bool Proven, bool ContinuousArchiving, string? FirstBackupId, string Detail);

public sealed record RestartConsumersRequest(string Database, IReadOnlyList<string> Namespaces);

public sealed record RestartConsumersResult(IReadOnlyList<string> Restarted);

public sealed record FlipBackRequest(string Database, string PlanHash, PushMode PushMode);
