using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using LibGit2Sharp;
using Xunit;

namespace CnpgDrTemporal.Tests.Git;

/// <summary>
/// A bare git remote on disk seeded with one example database directory (plus a README outside
/// it), reachable at <see cref="Url"/> (file://). Other clones can push competing commits with
/// <see cref="PushFromOtherClone"/>. Disposing deletes everything, clones under
/// <see cref="WorkDir"/> included.
/// </summary>
public sealed class GitRemoteFixture : IDisposable
{
    public const string DefaultDatabasesPath = "infrastructure/database/cloudnative-pg";

    private static readonly Signature Seeder = new("seed", "seed@example.invalid", DateTimeOffset.UnixEpoch);

    private GitRemoteFixture(string root, string database, string databasesPath, string branch)
    {
        Root = root;
        Database = database;
        DatabasesPath = databasesPath;
        Branch = branch;
        BarePath = Path.Combine(root, "remote.git");
        WorkDir = Path.Combine(root, "work");
    }

    public string Root { get; }

    public string Database { get; }

    public string DatabasesPath { get; }

    public string Branch { get; }

    public string BarePath { get; }

    /// <summary>Where the code under test clones (<see cref="GitOpsOptions.WorkDir"/>).</summary>
    public string WorkDir { get; }

    public string Url => new Uri(BarePath).AbsoluteUri;

    /// <summary>Repository-relative directory of the seeded database.</summary>
    public string DbDir => $"{DatabasesPath}/{Database}";

    /// <summary>Creates the remote with <paramref name="exampleDir"/> as <c>&lt;databasesPath&gt;/&lt;database&gt;</c> on <paramref name="branch"/>.</summary>
    public static GitRemoteFixture Create(string exampleDir, string? database = null, string databasesPath = DefaultDatabasesPath, string branch = "main")
    {
        var fixture = new GitRemoteFixture(GitOpsFixtures.NewTempDir("git-remote"), database ?? Path.GetFileName(exampleDir.TrimEnd('/')), databasesPath, branch);
        try
        {
            fixture.Seed(exampleDir);
            return fixture;
        }
        catch
        {
            fixture.Dispose();
            throw;
        }
    }

    private void Seed(string exampleDir)
    {
        Repository.Init(BarePath, isBare: true);

        // The branch does not exist yet, so HEAD is pointed at it by hand (what `git init -b` does).
        File.WriteAllText(Path.Combine(BarePath, "HEAD"), $"ref: refs/heads/{Branch}\n");

        var seed = Path.Combine(Root, "seed");
        Repository.Init(seed);
        using (var repo = new Repository(seed))
        {
            GitOpsFixtures.CopyDirectory(exampleDir, Path.Combine(seed, DbDir));
            File.WriteAllText(Path.Combine(seed, "README.md"), "# gitops\n");
            Commands.Stage(repo, "*");
            var commit = repo.Commit("seed", Seeder, Seeder);
            repo.Branches.Add(Branch, commit, allowOverwrite: true);
            repo.Network.Remotes.Add("origin", Url);
            repo.Network.Push(repo.Network.Remotes["origin"], $"refs/heads/{Branch}:refs/heads/{Branch}");
        }
    }

    /// <summary>Options pointing the code under test at this remote (render check off unless asked).</summary>
    public GitOpsOptions Options(bool renderCheck = false) => new()
    {
        RepoUrl = Url,
        Branch = Branch,
        DatabasesPath = DatabasesPath,
        AuthorName = "dr-bot",
        AuthorEmail = "dr-bot@example.invalid",
        WorkDir = WorkDir,
        RenderCheck = renderCheck,
    };

    public CommitInfo Head(string? branch = null)
    {
        using var bare = new Repository(BarePath);
        var tip = bare.Branches[branch ?? Branch]?.Tip ?? throw new InvalidOperationException($"no branch {branch ?? Branch}");
        return Info(tip);
    }

    public CommitInfo CommitAt(string sha)
    {
        using var bare = new Repository(BarePath);
        return Info(bare.Lookup<Commit>(sha) ?? throw new InvalidOperationException($"no commit {sha}"));
    }

    public bool HasBranch(string branch)
    {
        using var bare = new Repository(BarePath);
        return bare.Branches[branch] is not null;
    }

    public int CommitCount(string? branch = null)
    {
        using var bare = new Repository(BarePath);
        return bare.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = bare.Branches[branch ?? Branch] }).Count();
    }

    /// <summary>A file's text at the tip of a branch, or null.</summary>
    public string? ReadFile(string repoPath, string? branch = null)
    {
        using var bare = new Repository(BarePath);
        return (bare.Branches[branch ?? Branch]?.Tip[repoPath]?.Target as Blob)?.GetContentText();
    }

    /// <summary>A second engineer: clones, lets <paramref name="change"/> edit the work tree, commits and pushes. Returns the SHA.</summary>
    public string PushFromOtherClone(Action<string> change, string message)
    {
        var path = Path.Combine(Root, $"other-{Guid.NewGuid():N}");
        Repository.Clone(Url, path, new CloneOptions { BranchName = Branch });
        using var repo = new Repository(path);
        change(path);
        Commands.Stage(repo, "*");
        var who = new Signature("other", "other@example.invalid", DateTimeOffset.UtcNow);
        var commit = repo.Commit(message, who, who);
        repo.Network.Push(repo.Network.Remotes["origin"], $"refs/heads/{Branch}:refs/heads/{Branch}");
        return commit.Sha;
    }

    /// <summary>Clones left under <see cref="WorkDir"/> (the code under test must delete its own).</summary>
    public IReadOnlyList<string> LeftoverClones() =>
        Directory.Exists(WorkDir) ? Directory.GetDirectories(WorkDir) : [];

    private static CommitInfo Info(Commit c) =>
        new(c.Sha, c.Message, c.MessageShort, c.Author.Name, c.Author.Email, c.Parents.Select(p => p.Sha).ToList());

    public void Dispose() => GitCheckout.DeleteDirectory(Root);
}

/// <summary>A commit read from the remote, detached from the repository handle.</summary>
public sealed record CommitInfo(string Sha, string Message, string MessageShort, string AuthorName, string AuthorEmail, IReadOnlyList<string> Parents);
