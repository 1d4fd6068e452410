using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;

namespace CnpgDrTemporal.Activities.Recovery;

// The requests of the runbook steps. Each names the database; the step activity resolves where it
// lives. The results are the system helpers' own records (Argo, Cnpg, Consumers, Git, Data).

public sealed record HardRefreshRequest(string Database);

/// <summary>Delete exactly <paramref name="Target"/>, the objects the approval of plan <paramref name="PlanHash"/> named.</summary>
public sealed record DeleteClusterRequest(string Database, string PlanHash, DeleteTarget Target);

/// <summary>PVCs still present after <paramref name="StuckAfter"/> are reported as stuck.</summary>
public sealed record WaitPvcsGoneRequest(string Database, TimeSpan StuckAfter);

public sealed record RemovePvcFinalizersRequest(string Database, IReadOnlyList<string> PvcNames);

public sealed record SyncRequest(string Database, string Revision);

/// <summary>
/// One slice of the recovery watch: the activity watches for at most <see cref="Slice"/>, heartbeating,
/// then returns its progress so the workflow can show it; the next slice resumes from it.
/// </summary>
public sealed record WatchRecoveryRequest(string Database, string ExpectedSystemId, RecoveryProgress? ResumeFrom, TimeSpan Slice);

public sealed record ProveLineageRequest(string Database, string NextLineage);

public sealed record RestartConsumersRequest(string Database, IReadOnlyList<string> Namespaces);

public sealed record FlipBackRequest(string Database, string PlanHash, PushMode PushMode);
