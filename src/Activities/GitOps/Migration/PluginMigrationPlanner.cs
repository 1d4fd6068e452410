using CnpgDrTemporal.Activities.Text;

namespace CnpgDrTemporal.Activities.GitOps.Migration;

/// <summary>
/// The git side of a migration plan: the refusal, or the plan (diff, hashes, commit message) with the
/// semantic difference of the renders before and after. <see cref="Layout"/> is the directory as read.
/// </summary>
public sealed record MigrationGitPlan(DatabaseLayout Layout, string? Refusal, GitPlan? Plan, string RenderedDifference);

/// <summary>Plans the move to the plugin without side effects and checks what the result renders to.</summary>
public sealed class PluginMigrationPlanner(GitOpsPlanner planner, KustomizeRenderer renderer)
{
    public const string NoRenderTool = "(no kubectl or kustomize on PATH: the rendered difference is not shown)\n";

    public async Task<MigrationGitPlan> PlanAsync(DbFiles before, PluginMigrationOptions options, string? baseCommit, CancellationToken ct)
    {
        var layout = DatabaseDirectory.Read(before);
        if (PluginMigration.Refusal(layout, options) is { } refusal)
        {
            return new MigrationGitPlan(layout, refusal, null, string.Empty);
        }

        var change = await planner.PlanAsync(before, new GitEdit(GitEditKind.MigrateToPlugin, before.Database, Migration: options), baseCommit, ct).ConfigureAwait(false);
        var old = await renderer.RenderAsync(before, ct).ConfigureAwait(false);
        var now = await renderer.RenderAsync(change.After, ct).ConfigureAwait(false);
        if (old is null || now is null)
        {
            return new MigrationGitPlan(layout, null, change.Plan, NoRenderTool);
        }

        Check(now.Value.Output, layout, options.ObjectStoreFor(before.Database), now.Value.Command);
        return new MigrationGitPlan(layout, null, change.Plan, RenderedDifference.Describe(old.Value.Output, now.Value.Output));
    }

    /// <summary>The render has no native backup left and an ObjectStore with the same bucket.</summary>
    private static void Check(string rendered, DatabaseLayout layout, string store, string what)
    {
        var docs = YamlTree.Parse(rendered, what).OfType<YamlMap>().ToList();
        var cluster = docs.First(d => d.Get("kind")?.Text == GitOpsNames.ClusterKind && d["metadata"]?["name"]?.Text == layout.ClusterName);
        if (cluster["spec"]?["backup"]?["barmanObjectStore"] is not null)
        {
            throw new GitOpsException(GitOpsErrorTypes.RenderCheck, $"{what} still renders spec.backup.barmanObjectStore");
        }

        var objectStore = docs.FirstOrDefault(d => d.Get("kind")?.Text == GitOpsNames.ObjectStoreKind && d["metadata"]?["name"]?.Text == store);
        var destination = objectStore?["spec"]?["configuration"]?["destinationPath"]?.Text;
        if (destination != layout.DestinationPath)
        {
            throw new GitOpsException(GitOpsErrorTypes.RenderCheck, $"{what} renders ObjectStore {store} with destinationPath {destination ?? "(none)"}, expected {layout.DestinationPath}");
        }
    }
}
