using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Recovery;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary>The recovery source's wal.maxParallel: read in both shapes, set by the opt-in edit, and the plan's info finding.</summary>
public class WalMaxParallelTests
{
    [Fact]
    public void NativeShapeGetsOneLineInTheSourcesWalBlockAndTheRestOfTheDiffIsUnchanged()
    {
        var before = Files(Gitea);
        Assert.Null(DatabaseDirectory.Read(before).SourceWalMaxParallel);

        var plain = GitOpsEdits.Recover(before, GitOpsEditsTests.Recover(Gitea, "gitea-database-v1", "gitea-database-v3"));
        var withParallel = GitOpsEdits.Recover(before, GitOpsEditsTests.Recover(Gitea, "gitea-database-v1", "gitea-database-v3") with { WalMaxParallel = 8 });

        AssertSameBut(plain, withParallel, DatabaseDirectory.RecoveryPatch, InsertAfter(plain.Text(DatabaseDirectory.RecoveryPatch), "        wal:", 1, "          maxParallel: 8"));
        Assert.Equal(8, DatabaseDirectory.Read(withParallel).SourceWalMaxParallel);
    }

    [Fact]
    public void PluginShapeSetsItInTheObjectStoresWalConfigurationOnly()
    {
        var before = Files(Paperless);
        var edit = GitOpsEditsTests.Recover(Paperless, "paperless-database-v6", "paperless-database-v10", backupId: "20260728T050000");

        var plain = GitOpsEdits.Recover(before, edit);
        var withParallel = GitOpsEdits.Recover(before, edit with { WalMaxParallel = 4 });

        AssertSameBut(plain, withParallel, GitOpsNames.BaseObjectStore, InsertAfter(plain.Text(GitOpsNames.BaseObjectStore), "    wal:", 1, "      maxParallel: 4"));
        Assert.Null(DatabaseDirectory.Read(before).SourceWalMaxParallel);
        Assert.Equal(4, DatabaseDirectory.Read(withParallel).SourceWalMaxParallel);
    }

    [Fact]
    public void AnExistingValueIsReplacedInPlaceAndASourceWithoutWalGetsAWalBlock()
    {
        var withTwo = Files(Gitea).Tweak(DatabaseDirectory.RecoveryPatch, t => InsertAfter(t, "        wal:", 1, "          maxParallel: 2   # tuned"));
        Assert.Equal(2, DatabaseDirectory.Read(withTwo).SourceWalMaxParallel);
        var replaced = WalMaxParallelText.Set(withTwo, 16);
        Assert.Equal(withTwo.Text(DatabaseDirectory.RecoveryPatch).Replace("maxParallel: 2   # tuned", "maxParallel: 16   # tuned", StringComparison.Ordinal), replaced.Text(DatabaseDirectory.RecoveryPatch));

        var noWal = Files(Gitea).Tweak(DatabaseDirectory.RecoveryPatch, t => t.Replace("        wal:\n          compression: gzip\n", string.Empty, StringComparison.Ordinal));
        var added = WalMaxParallelText.Set(noWal, 8);
        Assert.EndsWith("            key: AWS_SECRET_ACCESS_KEY\n        wal:\n          maxParallel: 8\n", added.Text(DatabaseDirectory.RecoveryPatch), StringComparison.Ordinal);
        Assert.Equal(8, DatabaseDirectory.Read(added).SourceWalMaxParallel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void AnOutOfRangeValueIsRefusedBeforeAnythingIsRead(int value)
    {
        var e = Assert.Throws<GitOpsException>(() => GitOpsEdits.ValidateRequest(GitOpsEditsTests.Recover(Gitea, "gitea-database-v1", "gitea-database-v3") with { WalMaxParallel = value }));
        Assert.Contains("walMaxParallel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePlanFindingProjectsTheFetchesAndGoesAwayWhenSetOrRequested()
    {
        var backup = new BaseBackup("20260419T020000", null, "DONE", null, DateTimeOffset.UtcNow, "000000010000000000000010", null, 1, "7", 150000, 1 << 30, []);
        var lineage = new Lineage("gitea-database-v1", 1, [backup], new WalArchive([new WalTimeline(1, "000000010000000000000001", "00000001000000010000000F", DateTimeOffset.UtcNow)], [], null, [], []), ["7"], []);
        var native = DatabaseDirectory.Read(Files(Gitea));
        var plugin = DatabaseDirectory.Read(Files(Paperless));

        var finding = WalFetchFinding.For(native, null, lineage, backup);

        Assert.NotNull(finding);
        Assert.False(finding.Blocking);
        Assert.Equal(WalFetchFinding.Code, finding.Code);
        // 0x10 .. 0x10F: 256 segments, 32 rounds of 8.
        Assert.Contains("256 WAL segments", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("32 rounds of 8", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("barmanObjectStore.wal", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("ObjectStore paperless-objectstore", WalFetchFinding.For(plugin, null, lineage, backup)!.Evidence, StringComparison.Ordinal);
        Assert.Null(WalFetchFinding.For(native, 8, lineage, backup));
        Assert.Null(WalFetchFinding.For(native with { SourceWalMaxParallel = 4 }, null, lineage, backup));
    }

    private static string InsertAfter(string text, string line, int skip, string inserted)
    {
        var lines = text.Split('\n').ToList();
        var index = lines.IndexOf(line);
        Assert.True(index >= 0, $"line not found: [{line}]");
        lines.Insert(index + skip + 1, inserted);
        return string.Join('\n', lines);
    }

    private static void AssertSameBut(DbFiles plain, DbFiles edited, string file, string expected)
    {
        Assert.Equal([file], edited.ChangedSince(plain));
        Assert.Equal(expected, edited.Text(file));
    }
}
