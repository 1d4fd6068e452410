using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Tests.Git;

/// <summary>Which lineage holds the newest data, when the operator names none.</summary>
public sealed class CurrentWriteLineageTests
{
    private static readonly DatabaseLayout Gitea = DatabaseDirectory.Read(GitOpsFixtures.Files(GitOpsFixtures.Gitea));

    private static BackupCatalog Catalog(params (string Name, bool Data)[] lineages) => new(
        "gitea",
        "s3://b/cnpg/gitea/",
        lineages.Select(l => new Lineage(l.Name, LineageNames.NumberOf(l.Name), [], new WalArchive([], [], null, [], []), [], l.Data ? [new Verdict(VerdictCodes.DataBearing, "test")] : [])).ToList(),
        0);

    [Fact]
    public void TheWriteLineageWinsWhenItHoldsData()
    {
        var layout = Gitea with { WriteLineage = "gitea-database-v2" };
        Assert.Equal("gitea-database-v2", CurrentWriteLineage.DefaultSource(layout, Catalog(("gitea-database-v2", true), ("gitea-database-v3", true))));
    }

    [Fact]
    public void AfterARecoveryCommitTheRecoverySourceGitPointsAtWins()
    {
        var layout = Gitea with { WriteLineage = "gitea-database-v4", Flag = Gitea.Flag with { Mode = DatabaseMode.Recovery }, Recovery = Gitea.Recovery with { SourceLineage = "gitea-database-v2" } };
        Assert.Equal("gitea-database-v2", CurrentWriteLineage.DefaultSource(layout, Catalog(("gitea-database-v2", true), ("gitea-database-v3", true))));
    }

    [Fact]
    public void WithoutDataInEitherTheCatalogDecides()
    {
        var layout = Gitea with { WriteLineage = "gitea-database-v4" };
        Assert.Null(CurrentWriteLineage.DefaultSource(layout, Catalog(("gitea-database-v2", true), ("gitea-database-v4", false))));
    }
}
