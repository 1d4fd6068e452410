using CnpgDrTemporal.Activities.GitOps;
using Xunit;

namespace CnpgDrTemporal.Tests.GitOps;

public class DatabaseDirectoryTests
{
    [Fact]
    public void ReadsTheNativeShape()
    {
        var layout = DatabaseDirectory.Read(GitOpsFixtures.Files(GitOpsFixtures.Gitea));

        Assert.Equal(BackupShape.Native, layout.Shape);
        Assert.Equal(DatabaseMode.Initdb, layout.Mode);
        Assert.Equal("  - overlays/initdb          # <- steady state", layout.Flag.ActiveLine);
        Assert.Equal("  # - overlays/recovery      # <- pull from Barman on first boot", layout.Flag.InactiveLine);
        Assert.Equal("gitea-database", layout.ClusterName);
        Assert.Equal("cloudnative-pg", layout.Namespace);
        Assert.Equal("gitea-database-v2", layout.WriteLineage);
        Assert.Equal(new RecoveryOverlay("gitea-recovery-source", "gitea-database-v1", null, null, null, "gitea", "gitea", "gitea-app-secret"), layout.Recovery);
        Assert.Null(layout.ObjectStoreName);
        Assert.Equal("s3://postgres-backups/cnpg/gitea", layout.DestinationPath);
    }

    [Fact]
    public void ReadsThePluginShape()
    {
        var layout = DatabaseDirectory.Read(GitOpsFixtures.Files(GitOpsFixtures.Paperless));

        Assert.Equal(BackupShape.Plugin, layout.Shape);
        Assert.Equal(DatabaseMode.Recovery, layout.Mode);
        Assert.StartsWith("  - overlays/recovery        # <- ACTIVE", layout.Flag.ActiveLine, StringComparison.Ordinal);
        Assert.Equal("  # - overlays/initdb        # steady state; flip back after recovery and data validation", layout.Flag.InactiveLine);
        Assert.Equal("paperless-database", layout.ClusterName);
        Assert.Equal("cloudnative-pg", layout.Namespace);
        Assert.Equal("paperless-database-v9", layout.WriteLineage);
        Assert.Equal(new RecoveryOverlay("paperless-recovery-source", "paperless-database-v6", "20260728T050000", null, null, "paperless", "paperless", "paperless-app-secret"), layout.Recovery);
        Assert.Equal("paperless-objectstore", layout.ObjectStoreName);
        Assert.Equal("s3://postgres-backups/cnpg/paperless", layout.DestinationPath);
    }

    [Fact]
    public void ReadsAnotherTargetKindAndAClusterNamespace()
    {
        var files = GitOpsFixtures.Files(GitOpsFixtures.Paperless)
            .Tweak(DatabaseDirectory.RecoveryPatch, t => t.Replace("backupID: \"20260728T050000\"", "targetLSN: \"0/3000060\"", StringComparison.Ordinal))
            .Tweak(GitOpsNames.BaseCluster, t => t.Replace("  name: paperless-database\n", "  name: paperless-database\n  namespace: db\n", StringComparison.Ordinal));

        var layout = DatabaseDirectory.Read(files);

        Assert.Equal("targetLSN", layout.Recovery.OtherTarget);
        Assert.Null(layout.Recovery.BackupId);
        Assert.Equal("db", layout.Namespace);
    }
}
