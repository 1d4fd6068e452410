using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary>The rendered-Cluster check: pure on canned output, and with the real tool when one is on PATH.</summary>
public sealed class RenderCheckTests : IDisposable
{
    private const string Rendered = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: other
        ---
        apiVersion: postgresql.cnpg.io/v1
        kind: Cluster
        metadata:
          name: gitea-database
        spec:
          backup:
            barmanObjectStore:
              serverName: gitea-database-v3
          bootstrap:
            recovery:
              database: gitea
              source: src
          externalClusters:
          - name: src
            barmanObjectStore:
              serverName: gitea-database-v2
        """;

    private readonly string workDir = NewTempDir("render");

    public void Dispose() => GitCheckout.DeleteDirectory(workDir);

    [Fact]
    public void ARenderedRecoveryClusterWithTheExpectedLineagesPasses() =>
        RenderedClusterCheck.Check(Rendered, Expected("gitea-database-v3", "gitea-database-v2"), "render");

    [Theory]
    [InlineData("gitea-database-v4", "gitea-database-v2", "render renders write lineage gitea-database-v3, expected gitea-database-v4")]
    [InlineData("gitea-database-v3", "gitea-database-v1", "render renders recovery source src -> gitea-database-v2, expected gitea-database-v1")]
    public void ALineageThatDiffersFromTheEditIsRefused(string write, string source, string message)
    {
        var e = Assert.Throws<GitOpsException>(() => RenderedClusterCheck.Check(Rendered, Expected(write, source), "render"));

        Assert.Equal(GitOpsErrorTypes.RenderCheck, e.ErrorType);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ReadingAndWritingTheSameLineageIsRefused()
    {
        var same = Rendered.Replace("serverName: gitea-database-v2", "serverName: gitea-database-v3", StringComparison.Ordinal);

        var e = Assert.Throws<GitOpsException>(() => RenderedClusterCheck.Check(same, Expected("gitea-database-v3", "gitea-database-v3"), "render"));

        Assert.Equal("render renders the same lineage gitea-database-v3 for reading and writing", e.Message);
    }

    [Fact]
    public void AMissingRecoveryStanzaOrDatabaseIsRefused()
    {
        var noDatabase = Rendered.Replace("      database: gitea\n", string.Empty, StringComparison.Ordinal);
        var noRecovery = Rendered.Replace("  bootstrap:\n    recovery:\n      database: gitea\n      source: src\n", string.Empty, StringComparison.Ordinal);

        Assert.EndsWith("without database (CNPG would restore into 'app')", Assert.Throws<GitOpsException>(() => RenderedClusterCheck.Check(noDatabase, Expected("gitea-database-v3", "gitea-database-v2"), "render")).Message, StringComparison.Ordinal);
        Assert.Equal("render renders no bootstrap.recovery stanza", Assert.Throws<GitOpsException>(() => RenderedClusterCheck.Check(noRecovery, Expected("gitea-database-v3", "gitea-database-v2"), "render")).Message);
    }

    [Fact]
    public void TheToolIsLookedUpOnPath()
    {
        var bin = Path.Combine(workDir, "bin");
        Directory.CreateDirectory(bin);

        Assert.Null(KustomizeRenderer.FindTool(bin));
        File.WriteAllText(Path.Combine(bin, "kustomize"), "#!/bin/sh\n");
        Assert.Equal((Path.Combine(bin, "kustomize"), "build"), KustomizeRenderer.FindTool(bin));
    }

    [FactWhenRenderToolOnPath]
    public async Task TheRealToolRendersBothShapesAfterEachEdit()
    {
        var renderer = Renderer();
        foreach (var (db, edit) in new[]
        {
            (Gitea, GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3", "20260419T020000")),
            (Paperless, GitOpsEditsTests.Recover(Paperless, "paperless-database-v6", "paperless-database-v10")),
            (Paperless, new GitEdit(GitEditKind.FlipBack, Paperless)),
            (Paperless, new GitEdit(GitEditKind.FreshLineage, Paperless, NextLineage: "paperless-database-v10")),
        })
        {
            var after = GitOpsEdits.Apply(Files(db), edit);
            await renderer.CheckAsync(after, DatabaseDirectory.Read(after), default);
        }

        Assert.Empty(Directory.GetDirectories(workDir));
    }

    [FactWhenRenderToolOnPath]
    public async Task TheRealToolCatchesAPatchThatDoesNotApply()
    {
        var after = GitOpsEdits.Apply(Files(Gitea), GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3"))
            .Tweak("overlays/recovery/kustomization.yaml", t => t.Replace("bootstrap-patch.yaml", "missing-patch.yaml", StringComparison.Ordinal));

        var e = await Assert.ThrowsAsync<GitOpsException>(() => Renderer().CheckAsync(after, DatabaseDirectory.Read(after), default));

        Assert.Equal(GitOpsErrorTypes.RenderCheck, e.ErrorType);
        Assert.Matches("^(kubectl kustomize|kustomize build) gitea failed: ", e.Message);
    }

    private KustomizeRenderer Renderer() =>
        new(Microsoft.Extensions.Options.Options.Create(new GitOpsOptions { WorkDir = workDir }), NullLogger<KustomizeRenderer>.Instance);

    private static DatabaseLayout Expected(string write, string source)
    {
        var gitea = DatabaseDirectory.Read(Files(Gitea));
        return gitea with
        {
            Flag = gitea.Flag with { Mode = DatabaseMode.Recovery },
            WriteLineage = write,
            Recovery = gitea.Recovery with { SourceLineage = source },
        };
    }
}

/// <summary>A fact that is skipped (visibly) when neither kubectl nor kustomize is on PATH.</summary>
public sealed class FactWhenRenderToolOnPathAttribute : FactAttribute
{
    public FactWhenRenderToolOnPathAttribute()
    {
        if (KustomizeRenderer.FindTool() is null)
        {
            Skip = "neither kubectl nor kustomize is on PATH";
        }
    }
}
