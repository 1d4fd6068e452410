using CnpgDrTemporal.Activities.GitOps;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// The lineage a database writes to according to git: where its newest data is. Null when no GitOps
/// repo is configured or the repo has no such database (callers then fall back to the catalog).
/// </summary>
public sealed class CurrentWriteLineage(IOptions<GitOpsOptions> options, GitOpsRepo git)
{
    public async Task<DatabaseLayout?> LayoutAsync(string database, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(options.Value.RepoUrl))
        {
            return null;
        }

        try
        {
            return (await git.ReadDatabaseAsync(database, ct).ConfigureAwait(false)).Layout;
        }
        catch (ApplicationFailureException e) when (e.ErrorType == GitOpsErrorTypes.BadInput)
        {
            return null;
        }
    }

    /// <summary>The lineage to restore from when none is named (null: let the catalog pick the newest data-bearing one).</summary>
    public async Task<string?> DefaultSourceAsync(string database, Backups.BackupCatalog catalog) =>
        await LayoutAsync(database).ConfigureAwait(false) is { } layout ? DefaultSource(layout, catalog) : null;

    /// <summary>
    /// Where the newest data went: the write lineage when it holds data; right after a recovery commit
    /// (new, still empty write lineage) the recovery source git already points at.
    /// </summary>
    public static string? DefaultSource(DatabaseLayout layout, Backups.BackupCatalog catalog)
    {
        bool HoldsData(string? lineage) => lineage is not null && catalog.Find(lineage)?.Is(Backups.VerdictCodes.DataBearing) == true;
        if (HoldsData(layout.WriteLineage))
        {
            return layout.WriteLineage;
        }

        return layout.Mode == DatabaseMode.Recovery && HoldsData(layout.Recovery.SourceLineage) ? layout.Recovery.SourceLineage : null;
    }
}
