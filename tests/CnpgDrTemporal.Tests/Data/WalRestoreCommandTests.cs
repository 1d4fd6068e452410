using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Data.Prefetch;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// The restore_command the prefetch writes, run by /bin/sh as PostgreSQL runs it, against a real spool
/// directory; the other side of each exchange is <see cref="WalSpool"/> itself. The fallback stands for
/// barman-cloud-wal-restore: it writes "barman" into the target.
/// </summary>
public sealed class WalRestoreCommandTests : IDisposable
{
    private const string Name = "000000010000000000000007";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"cnpg-dr-restorecmd-{Guid.NewGuid():N}");
    private readonly WalSpool spool;

    public WalRestoreCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "spool"));
        spool = new WalSpool(Path.Combine(root, "spool"), 64L << 20, 16L << 20);
    }

    private string Target => Path.Combine(root, "RECOVERYXLOG");

    [Fact]
    public async Task A_file_in_the_spool_is_moved_into_place_without_asking()
    {
        await File.WriteAllTextAsync(Path.Combine(spool.Directory, Name), "segment");

        var exit = await RestoreAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.Equal("segment", await File.ReadAllTextAsync(Target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Directory));
    }

    [Fact]
    public async Task An_answer_of_none_fails_at_once_and_never_starts_barman()
    {
        var restore = RestoreAsync(TimeSpan.FromMinutes(5));
        await AnswerAsync(name => spool.Absent(name));

        var exit = await WaitFor.WithinAsync(restore, "restore_command to give up on the answer", TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.False(File.Exists(Target), "barman ran, or something was restored");
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Directory));
    }

    /// <param name="staleNone">A "none" left by an earlier request that stopped waiting must not fail this one.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_answered_with_the_file_is_restored(bool staleNone)
    {
        if (staleNone)
        {
            await File.WriteAllTextAsync(Path.Combine(spool.Directory, Name + WalSpool.NoneSuffix), string.Empty);
        }

        var restore = RestoreAsync(TimeSpan.FromMinutes(5));
        await AnswerAsync(name => Place(name, "downloaded on request"));

        Assert.Equal(0, await WaitFor.WithinAsync(restore, "restore_command to take the answer", TimeSpan.FromSeconds(30)));
        Assert.Equal("downloaded on request", await File.ReadAllTextAsync(Target));
    }

    [Fact]
    public async Task A_referred_request_goes_to_barman_and_is_counted()
    {
        var restore = RestoreAsync(TimeSpan.FromMinutes(5));
        await AnswerAsync(spool.Refer);

        Assert.Equal(0, await WaitFor.WithinAsync(restore, "restore_command to run the fallback", TimeSpan.FromSeconds(30)));
        Assert.Equal("barman", (await File.ReadAllTextAsync(Target)).Trim());
        spool.Reap();
        Assert.Equal(1, spool.AskedBarman);
    }

    [Fact]
    public async Task Once_the_prefetch_has_stopped_nothing_is_asked_and_barman_runs()
    {
        spool.Stop();

        var exit = await WaitFor.WithinAsync(RestoreAsync(TimeSpan.FromMinutes(5)), "restore_command to run the fallback", TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.Equal("barman", (await File.ReadAllTextAsync(Target)).Trim());
        Assert.False(File.Exists(Path.Combine(spool.Directory, Name + WalSpool.WantSuffix)));
    }

    [Fact]
    public async Task An_unanswered_request_is_given_up_after_the_wait_and_barman_runs()
    {
        var exit = await WaitFor.WithinAsync(RestoreAsync(TimeSpan.FromMilliseconds(300)), "restore_command to stop waiting", TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.Equal("barman", (await File.ReadAllTextAsync(Target)).Trim());
        spool.Reap();
        Assert.Empty(spool.Wanted);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Waits for restore_command's request as the prefetcher does (<see cref="WalSpool.Reap"/>), then answers it.</summary>
    private async Task AnswerAsync(Action<string> answer)
    {
        await WaitFor.TrueAsync(() => { spool.Reap(); return spool.Wanted.Contains(Name); }, $"restore_command to ask for {Name}", TimeSpan.FromSeconds(30));
        answer(Name);
    }

    /// <summary>What the prefetcher does with a download: the part file, then into place.</summary>
    private void Place(string name, string content)
    {
        File.WriteAllText(spool.PartPath(name), content);
        spool.PlaceFile(name);
    }

    private async Task<int> RestoreAsync(TimeSpan maxWait)
    {
        var command = spool.RestoreCommand("echo barman > %p", maxWait).Replace("%f", Name, StringComparison.Ordinal).Replace("%p", Target, StringComparison.Ordinal);
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", command], null, TimeSpan.FromMinutes(6), default);
        return result.ExitCode;
    }
}
