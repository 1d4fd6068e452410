using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using Microsoft.Extensions.Logging.Abstractions;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary>The GitOps services wired by hand against a <see cref="GitRemoteFixture"/>.</summary>
public sealed class GitOpsHarness : IDisposable
{
    private GitOpsHarness(GitRemoteFixture remote, GitOpsOptions options)
    {
        Remote = remote;
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Git = new GitRemote(wrapped, NullLogger<GitRemote>.Instance);
        var renderer = new KustomizeRenderer(wrapped, NullLogger<KustomizeRenderer>.Instance);
        Planner = new GitOpsPlanner(renderer, TimeProvider.System);
        Pusher = new GitPusher(Git, Planner, TimeProvider.System, NullLogger<GitPusher>.Instance);
        Repo = new GitOpsRepo(Git, Planner, Pusher, new Activities.GitOps.Migration.PluginMigrationPlanner(Planner, renderer));
    }

    public GitRemoteFixture Remote { get; }

    public GitOpsOptions Options { get; }

    public GitRemote Git { get; }

    public GitOpsPlanner Planner { get; }

    public GitPusher Pusher { get; }

    public GitOpsRepo Repo { get; }

    public static GitOpsHarness Create(string database, Action<GitOpsOptions>? configure = null)
    {
        var remote = GitRemoteFixture.Create(GitOpsFixtures.PathOf(database));
        var options = remote.Options();
        configure?.Invoke(options);
        return new GitOpsHarness(remote, options);
    }

    public void Dispose() => Remote.Dispose();
}
