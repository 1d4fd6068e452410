using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Recovery;

namespace CnpgDrTemporal.Workflows.Migration;

/// <summary>The migration's own steps (the activities of <see cref="MigrationActivities"/>); refresh, sync and the Cluster proof are <see cref="IRecoverySteps"/>.</summary>
public interface IMigrationSteps
{
    Task<MigrationPlan> PlanAsync(MigrationRequest request, StepContext step);

    Task<ArchiveMark> MarkArchiveAsync(MarkArchiveRequest request, StepContext step);

    Task<PushResult> PushAsync(PushRequest request, StepContext step);

    Task<ArchiveProof> ProveArchiveAsync(ProveArchiveRequest request, StepContext step);

    Task<PushResult> RevertAsync(RevertMigrationRequest request, StepContext step);
}
