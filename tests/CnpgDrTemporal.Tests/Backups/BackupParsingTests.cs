using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Tests.Backups;

/// <summary>Pure parsing: WAL names, backup.info, lineage numbers.</summary>
public sealed class BackupParsingTests
{
    [Theory]
    [InlineData("000000010000000000000001", 1, 1)]
    [InlineData("0000000200000001000000FF", 2, 0x1FF)]
    [InlineData("0000000100000002000000A0", 1, 0x2A0)]
    public void WalSegmentRoundTrips(string name, int timeline, long number)
    {
        var s = WalSegment.Parse(name);
        Assert.Equal(timeline, s.Timeline);
        Assert.Equal(number, s.Number);
        Assert.Equal(name, s.Name);
        Assert.Equal(name[..16], s.Folder);
    }

    [Fact]
    public void StepsAcrossALogFolder()
    {
        Assert.Equal("000000010000000100000000", WalSegment.Parse("0000000100000000000000FF").Next().Name);
        Assert.Equal("0000000100000000000000FF", WalSegment.Parse("000000010000000100000000").Previous().Name);
    }

    [Theory]
    [InlineData("x/wals/0000000100000000/000000010000000000000003.gz", true)]
    [InlineData("x/wals/0000000100000000/000000010000000000000003", true)]
    [InlineData("x/wals/0000000100000000/000000010000000000000002.00000028.backup.gz", false)]
    [InlineData("x/wals/00000002.history.gz", false)]
    [InlineData("x/wals/0000000100000000/000000010000000000000003.partial", false)]
    public void OnlyPlainSegmentKeysCount(string key, bool isSegment) =>
        Assert.Equal(isSegment, WalSegment.TryFromKey(key, out _));

    [Fact]
    public void ParsesTheRealSample()
    {
        var info = BackupInfo.Parse(File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "tests", "CnpgDrTemporal.Tests", "Backups", "backup.info.sample")));
        Assert.Equal("DONE", info.Status);
        Assert.Equal("000000010000000000000002", info.BeginWal);
        Assert.Equal("7711941205925035319", info.SystemId);
        Assert.Equal(1, info.Timeline);
        Assert.Equal(150018, info.PgVersion);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 10, 42, 882, TimeSpan.Zero).AddTicks(2430), info.EndTime);
    }

    [Theory]
    [InlineData("begin_wal=000000010000000000000002\n", "no 'status' field")]
    [InlineData("status=DONE\nbegin_wal=zzz\n", "begin_wal 'zzz'")]
    [InlineData("status=DONE\nbegin_wal=000000010000000000000002\n", "without begin_wal, end_time or systemid")]
    [InlineData("status=DONE\nbegin_wal=000000010000000000000002\nend_time=yesterday\nsystemid=1\n", "end_time 'yesterday'")]
    public void MalformedBackupInfoSaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BackupInfo.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app-database-v2", new[] { "app-database-v1", "app-database-v7", "other-database-v9" }, "app-database-v8")]
    [InlineData("app-database-v11", new string[0], "app-database-v12")]
    [InlineData("app-database", new string[0], "app-database-v1")]
    public void NextLineageIsOnePastEveryNumberSeen(string current, string[] seen, string expected) =>
        Assert.Equal(expected, LineageNames.Next(current, seen));
}
