using CnpgDrTemporal.Tests.Git;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Tests.GitOps;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>
/// A GitOps remote holding the lab's database <c>app</c>: the gitea example renamed, writing to the
/// lab's live lineage <c>app-database-v2</c>, so git, S3 and PostgreSQL tell one story.
/// </summary>
public static class LabRepo
{
    public const string WriteLineage = "app-database-v2";

    public static GitRemoteFixture Create()
    {
        var source = GitOpsFixtures.NewTempDir("lab-app");
        GitOpsFixtures.CopyDirectory(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea), source);
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file).Replace("gitea", "app", StringComparison.Ordinal);
            if (file.EndsWith(Path.Combine("base", "cluster.yaml"), StringComparison.Ordinal))
            {
                text = Regex.Replace(text, @"serverName: app-database-v\d+", "serverName: " + WriteLineage);
            }

            File.WriteAllText(file, text);
        }

        try
        {
            return GitRemoteFixture.Create(source, "app");
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    public static Dictionary<string, string?> Settings(GitRemoteFixture remote) => new()
    {
        ["Dr:Git:RepoUrl"] = remote.Url,
        ["Dr:Git:Branch"] = remote.Branch,
        ["Dr:Git:WorkDir"] = remote.WorkDir,
        ["Dr:Git:DatabasesPath"] = remote.DatabasesPath,
    };
}
