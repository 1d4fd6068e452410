namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Validates an edit, applies it to files, renders the result when it can, and builds the plan. No side effects.</summary>
public sealed class GitOpsPlanner(KustomizeRenderer renderer, TimeProvider time)
{
    public async Task<PlannedChange> PlanAsync(DbFiles before, GitEdit edit, string? baseCommit, CancellationToken ct, DateTimeOffset? plannedAt = null)
    {
        GitOpsEdits.ValidateRequest(edit);
        if (edit.Database != before.Database)
        {
            throw GitOpsException.BadInput($"edit for {edit.Database} applied to the directory of {before.Database}");
        }

        var after = GitOpsEdits.Apply(before, edit);
        await renderer.CheckAsync(after, DatabaseDirectory.Read(after), ct).ConfigureAwait(false);
        return PlanBuilder.Build(edit, before, after, baseCommit, plannedAt ?? time.GetUtcNow());
    }
}
