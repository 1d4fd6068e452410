using CnpgDrTemporal.Activities.GitOps;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary>Every bad input is refused with one message naming the file or value at fault.</summary>
public class GitOpsBadInputTests
{
    [Fact]
    public void AMissingDatabaseDirectoryIsNamed()
    {
        var e = Assert.Throws<GitOpsException>(() => DbFiles.Load(Root, "nextcloud", "nextcloud"));

        Assert.Contains("database directory nextcloud not found", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../gitea")]
    [InlineData(".git")]
    [InlineData("")]
    public void ADatabaseNameThatIsNotOnePathSegmentIsRefused(string database)
    {
        var e = Assert.Throws<GitOpsException>(() => DbFiles.Load(Root, database, database));

        Assert.Equal($"'{database}' is not a database name", e.Message);
    }

    [Theory]
    [InlineData("overlays/recovery/kustomization.yaml")]
    [InlineData("overlays/initdb/kustomization.yaml")]
    [InlineData("overlays/recovery/bootstrap-patch.yaml")]
    [InlineData("overlays/initdb/bootstrap-patch.yaml")]
    [InlineData("base/cluster.yaml")]
    [InlineData("kustomization.yaml")]
    public void AMissingOverlayOrPatchIsNamed(string file)
    {
        var files = Files(Gitea);
        files = files with { Files = files.Files.Remove(file) };

        var e = Assert.Throws<GitOpsException>(() => DatabaseDirectory.Read(files));

        Assert.StartsWith($"gitea/{file} is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BothOverlaysActiveIsRefused()
    {
        var files = Files(Gitea).Tweak(GitOpsNames.RootKustomization, t => t.Replace("  # - overlays/recovery", "  - overlays/recovery", StringComparison.Ordinal));

        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.Recover(files, GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3")));

        Assert.Equal("gitea/kustomization.yaml: overlays/initdb and overlays/recovery are both active in resources; exactly one may be", e.Message);
    }

    [Fact]
    public void NeitherOverlayActiveIsRefused()
    {
        var files = Files(Gitea).Tweak(GitOpsNames.RootKustomization, t => t.Replace("  - overlays/initdb", "  # - overlays/initdb", StringComparison.Ordinal));

        var e = Assert.Throws<GitOpsException>(() => DatabaseDirectory.Read(files));

        Assert.StartsWith("gitea/kustomization.yaml: neither overlays/initdb nor overlays/recovery is active", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecoveryPatchWithoutDatabaseIsRefused()
    {
        var files = Files(Gitea).Tweak(DatabaseDirectory.RecoveryPatch, t => ReplaceLine(t, "      database: gitea          # required: CNPG defaults to \"app\""));

        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.Recover(files, GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3")));

        Assert.StartsWith("gitea/overlays/recovery/bootstrap-patch.yaml has no spec.bootstrap.recovery.database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASourceEqualToTheNewWriteLineageIsRefused()
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.Recover(Files(Gitea), GitOpsEditsTests.Recover(Gitea, "gitea-database-v3", "gitea-database-v3")));

        Assert.StartsWith("source lineage gitea-database-v3 equals the new write lineage", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gitea-database-v2")]
    [InlineData("gitea-database-v1")]
    [InlineData("gitea-database")]
    public void ANextLineageNotGreaterThanTheCurrentIsRefused(string next)
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.Recover(Files(Gitea), GitOpsEditsTests.Recover(Gitea, "gitea-database-v1", next)));

        Assert.Equal($"next lineage {next} is not greater than the current write lineage gitea-database-v2 in gitea/base/cluster.yaml", e.Message);
    }

    [Fact]
    public void AFreshLineageNotGreaterIsRefusedToo()
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.FreshLineage(Files(Paperless), "paperless-database-v9"));

        Assert.Contains("paperless-database-v9 is not greater", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATargetWithBothBackupIdAndTimeIsRefused()
    {
        var edit = GitOpsEditsTests.Recover(Gitea, "gitea-database-v1", "gitea-database-v3", "20260419T020000", new DateTimeOffset(2026, 4, 19, 3, 0, 0, TimeSpan.Zero));

        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.ValidateRequest(edit));

        Assert.Equal("recovery target has both backupID 20260419T020000 and targetTime 2026-04-19T03:00:00Z: give one of them", e.Message);
    }

    [Theory]
    [InlineData("gitea database v1", "20260419T020000", "source lineage 'gitea database v1' is not a lineage name")]
    [InlineData("gitea-database-v1", "2026 04 19", "'2026 04 19' is not a backupID")]
    [InlineData("", null, "source lineage '' is not a lineage name")]
    public void MalformedNamesAreRefused(string source, string? backupId, string message)
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.ValidateRequest(GitOpsEditsTests.Recover(Gitea, source, "gitea-database-v3", backupId)));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlipBackWhenAlreadyOnInitdbIsRefused()
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.FlipBack(Files(Gitea)));

        Assert.Equal("gitea/kustomization.yaml is already on overlays/initdb: nothing to flip back", e.Message);
    }

    [Fact]
    public void ABrokenYamlFileIsNamedWithItsLine()
    {
        var files = Files(Paperless).Tweak(GitOpsNames.BaseCluster, t => t.Replace("  instances: 1", "  instances: [1", StringComparison.Ordinal));

        var e = Assert.Throws<GitOpsException>(() => DatabaseDirectory.Read(files));

        Assert.StartsWith("paperless/base/cluster.yaml: YAML error at line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWriteLineageThatIsNotWrittenIsRefused()
    {
        var files = Files(Paperless).Tweak(GitOpsNames.BaseCluster, t => ReplaceLine(t, "        serverName: paperless-database-v9"));

        var e = Assert.Throws<GitOpsException>(() => DatabaseDirectory.Read(files));

        Assert.StartsWith("paperless/base/cluster.yaml: spec.plugins[barman-cloud.cloudnative-pg.io].parameters.serverName is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExternalClusterWithoutServerNameIsRefused()
    {
        var files = Files(Gitea).Tweak(DatabaseDirectory.RecoveryPatch, t => ReplaceLine(t, "        serverName: gitea-database-v1"));

        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.Recover(files, GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3")));

        Assert.Equal("gitea/overlays/recovery/bootstrap-patch.yaml: externalClusters entry 'gitea-recovery-source' has no barmanObjectStore.serverName or plugin.parameters.serverName", e.Message);
    }
}
