using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// The lineage a database writes to according to git: where its newest data is. Null when no GitOps
/// repo is configured or the repo has no such database (callers then fall back to the catalog).
/// </summary>
public sealed class CurrentWriteLineage(IOptions<GitOpsOptions> options, GitOpsActivities git)
{
    public async Task<string?> ForAsync(string database)
    {
        if (string.IsNullOrWhiteSpace(options.Value.RepoUrl))
        {
            return null;
        }

        try
        {
            return (await git.ReadDatabaseAsync(new ReadDatabaseRequest(database)).ConfigureAwait(false)).Layout.WriteLineage;
        }
        catch (ApplicationFailureException e) when (e.ErrorType == GitOpsErrorTypes.BadInput)
        {
            return null;
        }
    }

    /// <summary>The lineage to restore from when none is named: git's write lineage if it holds data.</summary>
    public async Task<string?> DefaultSourceAsync(string database, Backups.BackupCatalog catalog)
    {
        var current = await ForAsync(database).ConfigureAwait(false);
        return current is not null && catalog.Find(current)?.Is(Backups.VerdictCodes.DataBearing) == true ? current : null;
    }
}
