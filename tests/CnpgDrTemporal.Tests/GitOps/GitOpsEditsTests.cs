using CnpgDrTemporal.Activities.GitOps;
using System.Collections.Immutable;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;
using Xunit;

namespace CnpgDrTemporal.Tests.GitOps;

public class GitOpsEditsTests
{
    private const string GiteaWrite = "      serverName: gitea-database-v2   # DO NOT change without bumping the recovery overlay too";
    private const string GiteaSource = "        serverName: gitea-database-v1";
    private const string GiteaInitdb = "  - overlays/initdb          # <- steady state";
    private const string GiteaRecovery = "  # - overlays/recovery      # <- pull from Barman on first boot";
    private const string PaperlessWrite = "        serverName: paperless-database-v9";
    private const string PaperlessPin = "        backupID: \"20260728T050000\"";
    private const string PaperlessRecovery = "  - overlays/recovery        # <- ACTIVE since the 2026-07-31 rebuild: pinned v6 backup -> clean v9";
    private const string PaperlessInitdb = "  # - overlays/initdb        # steady state; flip back after recovery and data validation";

    [Fact]
    public void RecoverInTheNativeShapeChangesOnlyLineagesPinAndFlag()
    {
        var before = Files(Gitea);

        var after = GitOpsEdits.Recover(before, Recover(Gitea, "gitea-database-v2", "gitea-database-v3", backupId: "20260419T020000"));

        AssertOnlyChanged(before, after, new()
        {
            [GitOpsNames.BaseCluster] = ReplaceLine(before.Text(GitOpsNames.BaseCluster), GiteaWrite, GiteaWrite.Replace("v2", "v3", StringComparison.Ordinal)),
            [DatabaseDirectory.RecoveryPatch] = ReplaceLine(
                ReplaceLine(before.Text(DatabaseDirectory.RecoveryPatch), GiteaSource, "        serverName: gitea-database-v2"),
                "        name: gitea-app-secret",
                "        name: gitea-app-secret",
                "      recoveryTarget:",
                "        backupID: \"20260419T020000\""),
            [GitOpsNames.RootKustomization] = ReplaceLine(
                ReplaceLine(before.Text(GitOpsNames.RootKustomization), GiteaInitdb, "  # - overlays/initdb          # <- steady state"),
                GiteaRecovery,
                "  - overlays/recovery      # <- pull from Barman on first boot"),
        });
    }

    [Fact]
    public void RecoverWithATimeWritesItQuotedWithItsZone()
    {
        var before = Files(Gitea);

        var after = GitOpsEdits.Recover(before, Recover(Gitea, "gitea-database-v1", "gitea-database-v3", time: DateTimeOffset.Parse("2026-04-17T23:59:59+02:00", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("      recoveryTarget:\n        targetTime: \"2026-04-17T23:59:59+02:00\"\n", after.Text(DatabaseDirectory.RecoveryPatch), StringComparison.Ordinal);
        Assert.Equal("2026-04-17T23:59:59+02:00", DatabaseDirectory.Read(after).Recovery.TargetTime);
    }

    [Fact]
    public void RecoverInThePluginShapeReplacesThePinKeepingItsComments()
    {
        var before = Files(Paperless);

        var after = GitOpsEdits.Recover(before, Recover(Paperless, "paperless-database-v6", "paperless-database-v10", time: new DateTimeOffset(2026, 7, 28, 6, 30, 0, TimeSpan.Zero)));

        AssertOnlyChanged(before, after, new()
        {
            [GitOpsNames.BaseCluster] = ReplaceLine(before.Text(GitOpsNames.BaseCluster), PaperlessWrite, "        serverName: paperless-database-v10"),
            [DatabaseDirectory.RecoveryPatch] = ReplaceLine(before.Text(DatabaseDirectory.RecoveryPatch), PaperlessPin, "        targetTime: \"2026-07-28T06:30:00Z\""),
        });
    }

    [Fact]
    public void RecoverWithoutAPinRemovesTheStalePinLinesOnly()
    {
        var before = Files(Paperless);

        var after = GitOpsEdits.Recover(before, Recover(Paperless, "paperless-database-v6", "paperless-database-v10"));

        var patch = ReplaceLine(ReplaceLine(before.Text(DatabaseDirectory.RecoveryPatch), PaperlessPin), "      recoveryTarget:");
        AssertOnlyChanged(before, after, new()
        {
            [GitOpsNames.BaseCluster] = ReplaceLine(before.Text(GitOpsNames.BaseCluster), PaperlessWrite, "        serverName: paperless-database-v10"),
            [DatabaseDirectory.RecoveryPatch] = patch,
        });
        Assert.Null(DatabaseDirectory.Read(after).Recovery.BackupId);
    }

    [Fact]
    public void RecoverWithTheSamePinAndSourceTouchesOnlyTheWriteLineage()
    {
        var before = Files(Paperless);

        var after = GitOpsEdits.Recover(before, Recover(Paperless, "paperless-database-v6", "paperless-database-v10", backupId: "20260728T050000"));

        Assert.Equal([GitOpsNames.BaseCluster], after.ChangedSince(before));
    }

    [Fact]
    public void RecoverSwitchesAnotherTargetKindToTheRequestedPin()
    {
        var before = Files(Paperless).Tweak(DatabaseDirectory.RecoveryPatch, t => t.Replace(PaperlessPin, "        targetLSN: 0/3000060\n        targetTime: \"2026-01-01T00:00:00Z\"", StringComparison.Ordinal));

        var after = GitOpsEdits.Recover(before, Recover(Paperless, "paperless-database-v6", "paperless-database-v10", backupId: "20260728T050000"));

        Assert.Equal(Files(Paperless).Text(DatabaseDirectory.RecoveryPatch), after.Text(DatabaseDirectory.RecoveryPatch));
        var recovery = DatabaseDirectory.Read(after).Recovery;
        Assert.Equal("20260728T050000", recovery.BackupId);
        Assert.Null(recovery.TargetTime);
        Assert.Null(recovery.OtherTarget);
    }

    [Fact]
    public void FlipBackChangesOnlyTheTwoFlagLines()
    {
        var before = Files(Paperless);

        var after = GitOpsEdits.FlipBack(before);

        AssertOnlyChanged(before, after, new()
        {
            [GitOpsNames.RootKustomization] = ReplaceLine(
                ReplaceLine(before.Text(GitOpsNames.RootKustomization), PaperlessRecovery, "  # " + PaperlessRecovery.TrimStart()),
                PaperlessInitdb,
                "  - overlays/initdb        # steady state; flip back after recovery and data validation"),
        });
    }

    [Fact]
    public void FreshLineageBumpsTheWriteLineageAndPutsTheFlagOnInitdb()
    {
        var before = Files(Paperless);

        var after = GitOpsEdits.FreshLineage(before, "paperless-database-v10");

        var layout = DatabaseDirectory.Read(after);
        Assert.Equal(DatabaseMode.Initdb, layout.Mode);
        Assert.Equal("paperless-database-v10", layout.WriteLineage);
        Assert.Equal(
            ReplaceLine(before.Text(GitOpsNames.BaseCluster), PaperlessWrite, "        serverName: paperless-database-v10"),
            after.Text(GitOpsNames.BaseCluster));
        Assert.Equal(GitOpsEdits.FlipBack(before).Text(GitOpsNames.RootKustomization), after.Text(GitOpsNames.RootKustomization));
        Assert.Equal(2, after.ChangedSince(before).Count);
    }

    [Theory]
    [InlineData(Gitea)]
    [InlineData(Paperless)]
    public void FlippingTheFlagAndBackReturnsTheOriginalBytes(string database)
    {
        var before = Files(database);
        var mode = DatabaseDirectory.Read(before).Mode;
        var other = mode == DatabaseMode.Initdb ? DatabaseMode.Recovery : DatabaseMode.Initdb;

        var flipped = GitOpsEdits.SetMode(before, other);
        var back = GitOpsEdits.SetMode(flipped, mode);

        Assert.Equal(other, DatabaseDirectory.Read(flipped).Mode);
        Assert.NotEqual(before.Text(GitOpsNames.RootKustomization), flipped.Text(GitOpsNames.RootKustomization));
        Assert.Equal(before.Files, back.Files);
    }

    [Fact]
    public void RecoverThenFlipBackRestoresTheFlagBytes()
    {
        var before = Files(Gitea);

        var after = GitOpsEdits.FlipBack(GitOpsEdits.Recover(before, Recover(Gitea, "gitea-database-v2", "gitea-database-v3")));

        Assert.Equal(before.Text(GitOpsNames.RootKustomization), after.Text(GitOpsNames.RootKustomization));
        Assert.Equal("gitea-database-v3", DatabaseDirectory.Read(after).WriteLineage);
    }

    [Fact]
    public void CrLfFilesKeepTheirLineEndings()
    {
        var lf = Files(Gitea);
        var before = lf with { Files = lf.Files.ToImmutableSortedDictionary(f => f.Key, f => f.Value.Replace("\n", "\r\n", StringComparison.Ordinal), StringComparer.Ordinal) };

        var after = GitOpsEdits.Recover(before, Recover(Gitea, "gitea-database-v2", "gitea-database-v3", backupId: "20260419T020000"));

        var expected = GitOpsEdits.Recover(lf, Recover(Gitea, "gitea-database-v2", "gitea-database-v3", backupId: "20260419T020000"));
        foreach (var file in expected.Files.Keys)
        {
            Assert.Equal(expected.Text(file).Replace("\n", "\r\n", StringComparison.Ordinal), after.Text(file));
        }
    }

    [Fact]
    public void ARenamedSchemeWithoutCommentedLineRenamesTheEntryInPlace()
    {
        var before = Files(Gitea).Tweak(GitOpsNames.RootKustomization, t => ReplaceLine(t, GiteaRecovery));

        var after = GitOpsEdits.SetMode(before, DatabaseMode.Recovery);

        Assert.Equal(
            ReplaceLine(before.Text(GitOpsNames.RootKustomization), GiteaInitdb, "  - overlays/recovery          # <- steady state"),
            after.Text(GitOpsNames.RootKustomization));
    }

    internal static GitEdit Recover(string db, string source, string next, string? backupId = null, DateTimeOffset? time = null) =>
        new(GitEditKind.Recover, db, source, next, backupId, time);

    /// <summary>Every file not named is identical; every named file is exactly the expected text.</summary>
    private static void AssertOnlyChanged(DbFiles before, DbFiles after, Dictionary<string, string> expected)
    {
        Assert.Equal(before.Files.Keys, after.Files.Keys);
        foreach (var (file, text) in after.Files)
        {
            Assert.Equal(expected.GetValueOrDefault(file, before.Files[file]), text);
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), after.ChangedSince(before));
    }
}
