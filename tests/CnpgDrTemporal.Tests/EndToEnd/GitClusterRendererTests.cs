using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Activities.GitOps;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Tests.GitOps;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>The end-to-end test's "Argo applies git": the by-hand merge gives the Cluster kustomize renders.</summary>
public sealed class GitClusterRendererTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Renders_the_Cluster_of_the_active_overlay(bool recovery)
    {
        using var git = GitRemoteFixture.Create(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea));
        var sha = recovery ? git.PushFromOtherClone(FlipToRecovery(git), "flag on recovery") : git.Head().Sha;

        var byHand = GitClusterRenderer.ClusterAt(git.BarePath, sha, git.DbDir, byHand: true);

        Assert.Equal("gitea-database", byHand["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("cloudnative-pg", byHand["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(1, byHand["spec"]!["instances"]!.GetValue<long>());
        Assert.Equal("gitea-database-v2", byHand["spec"]!["backup"]!["barmanObjectStore"]!["serverName"]!.GetValue<string>());
        Assert.Equal(recovery, byHand["spec"]!["bootstrap"]!["recovery"] is not null);
        Assert.Equal(recovery ? "gitea-database-v1" : null, byHand["spec"]!["externalClusters"]?[0]?["barmanObjectStore"]?["serverName"]?.GetValue<string>());
        if (KustomizeRenderer.FindTool() is not null)
        {
            var rendered = GitClusterRenderer.ClusterAt(git.BarePath, sha, git.DbDir);
            Assert.True(JsonNode.DeepEquals(rendered["spec"], byHand["spec"]), $"kustomize: {rendered["spec"]}\nby hand: {byHand["spec"]}");
        }
    }

    private static Action<string> FlipToRecovery(GitRemoteFixture git) => clone =>
    {
        var file = Path.Combine(clone, git.DbDir, "kustomization.yaml");
        var text = File.ReadAllText(file)
            .Replace("  - overlays/initdb          # <- steady state", "  # - overlays/initdb", StringComparison.Ordinal)
            .Replace("  # - overlays/recovery      # <- pull from Barman on first boot", "  - overlays/recovery", StringComparison.Ordinal);
        File.WriteAllText(file, text);
    };
}
