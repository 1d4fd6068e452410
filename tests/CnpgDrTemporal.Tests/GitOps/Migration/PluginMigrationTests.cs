using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.GitOps.Migration;
using Xunit;
using Xunit.Abstractions;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps.Migration;

/// <summary>The move to the Barman Cloud plugin on the native example (gitea) and its refusals.</summary>
public sealed class PluginMigrationTests(ITestOutputHelper output)
{
    private static readonly PluginMigrationOptions Defaults = new();

    [Fact]
    public void GiteaMovesToThePluginWithTheSameLineageAndBucket()
    {
        var before = Files(Gitea);

        var after = PluginMigration.Apply(before, Defaults);
        output.WriteLine(PlanBuilder.Diff(before, after));

        var layout = DatabaseDirectory.Read(after);
        Assert.Equal(BackupShape.Plugin, layout.Shape);
        Assert.Equal("gitea-database-v2", layout.WriteLineage);
        Assert.Equal("gitea-objectstore", layout.ObjectStoreName);
        Assert.Equal("s3://postgres-backups/cnpg/gitea", layout.DestinationPath);
        Assert.Equal(DatabaseDirectory.Read(before).Recovery, layout.Recovery);

        var cluster = after.Text(GitOpsNames.BaseCluster);
        Assert.DoesNotContain("barmanObjectStore:", cluster, StringComparison.Ordinal);
        Assert.DoesNotContain("retentionPolicy", cluster, StringComparison.Ordinal);
        Assert.DoesNotContain("enablePodMonitor", cluster, StringComparison.Ordinal);
        Assert.Contains("""
              plugins:
                - name: barman-cloud.cloudnative-pg.io
                  isWALArchiver: true
                  parameters:
                    barmanObjectName: gitea-objectstore
                    # v1: day zero (2026-03-02)
                    # v2: opened by the 2026-04-19 recovery from v1
                    serverName: gitea-database-v2   # DO NOT change without bumping the recovery overlay too

            """, cluster, StringComparison.Ordinal);
        Assert.StartsWith("# Base Cluster: everything except spec.bootstrap.\n# plugins[barman-cloud.cloudnative-pg.io].parameters.serverName is the WRITE target", cluster, StringComparison.Ordinal);

        var store = after.Text(GitOpsNames.BaseObjectStore);
        Assert.Contains("kind: ObjectStore\nmetadata:\n  name: gitea-objectstore\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-6\"\n", store, StringComparison.Ordinal);
        Assert.Contains("""
            spec:
              configuration:
                destinationPath: s3://postgres-backups/cnpg/gitea
                endpointURL: http://rustfs.storage.svc:9000
                s3Credentials:
                  accessKeyId:
                    name: cnpg-s3-credentials
                    key: AWS_ACCESS_KEY_ID
                  secretAccessKey:
                    name: cnpg-s3-credentials
                    key: AWS_SECRET_ACCESS_KEY
                wal:
                  compression: gzip
                data:
                  compression: gzip
              retentionPolicy: "14d"

            """, store, StringComparison.Ordinal);
        Assert.Contains("  - cluster.yaml\n  - objectstore.yaml\n  - podmonitor.yaml\n", after.Text("base/kustomization.yaml"), StringComparison.Ordinal);
        Assert.EndsWith("    name: gitea-database\n  method: plugin\n  pluginConfiguration:\n    name: barman-cloud.cloudnative-pg.io\n", after.Text("scheduled-backup.yaml"), StringComparison.Ordinal);
        Assert.Contains("cnpg.io/cluster: gitea-database", after.Text(PluginMigration.PodMonitorFile), StringComparison.Ordinal);
        Assert.Equal(before.Text(DatabaseDirectory.RecoveryPatch), after.Text(DatabaseDirectory.RecoveryPatch));
        Assert.Equal(before.Text(GitOpsNames.RootKustomization), after.Text(GitOpsNames.RootKustomization));
    }

    [Fact]
    public void ASecondRunFindsNothingToMigrate()
    {
        var once = PluginMigration.Apply(Files(Gitea), Defaults);

        Assert.Contains("already in plugin shape", PluginMigration.Refusal(DatabaseDirectory.Read(once), Defaults), StringComparison.Ordinal);
        var e = Assert.Throws<GitOpsException>(() => PluginMigration.Apply(once, Defaults));
        Assert.Contains("already in plugin shape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PaperlessIsRefusedAsAlreadyMigrated()
    {
        var e = Assert.Throws<GitOpsException>(() => PluginMigration.Apply(Files(Paperless), Defaults));

        Assert.Equal(GitOpsErrorTypes.BadInput, e.ErrorType);
        Assert.Contains("paperless/base/cluster.yaml is already in plugin shape (ObjectStore paperless-objectstore, lineage paperless-database-v9)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRecoveryFlagIsRefusedUnlessTheOverlayIsIncluded()
    {
        var recovering = GitOpsEdits.SetMode(Files(Gitea), DatabaseMode.Recovery);

        var e = Assert.Throws<GitOpsException>(() => PluginMigration.Apply(recovering, Defaults));
        Assert.Contains("migrate after the recovery settled", e.Message, StringComparison.Ordinal);

        var after = PluginMigration.Apply(recovering, Defaults with { IncludeRecoveryOverlay = true });
        output.WriteLine(PlanBuilder.Diff(recovering, after));
        var layout = DatabaseDirectory.Read(after);
        Assert.Equal("gitea-database-v1", layout.Recovery.SourceLineage);
        Assert.Contains("""
                  plugin:
                    name: barman-cloud.cloudnative-pg.io
                    parameters:
                      barmanObjectName: gitea-objectstore-recovery
                      # The lineage with good data (the previous write target).
                      serverName: gitea-database-v1

            """, after.Text(DatabaseDirectory.RecoveryPatch), StringComparison.Ordinal);
        Assert.Contains("    destinationPath: s3://postgres-backups/cnpg/gitea\n", after.Text(PluginMigration.RecoveryObjectStore), StringComparison.Ordinal);
        Assert.Contains("  - objectstore.yaml\n", after.Text("overlays/recovery/kustomization.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectStoreNameThatIsNoObjectNameIsRefused()
    {
        var e = Assert.Throws<GitOpsException>(() => PluginMigration.Apply(Files(Gitea), new PluginMigrationOptions("Bad_Name")));

        Assert.Contains("'Bad_Name' is not a Kubernetes object name", e.Message, StringComparison.Ordinal);
    }
}
