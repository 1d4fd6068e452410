using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Data.Prefetch;
using CnpgDrTemporal.Worker.Commands;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>The restore-local line: what it says about the prefetch.</summary>
public sealed class ValidationTableTests
{
    [Fact]
    public void A_referred_request_is_one_run_of_barman_not_two()
    {
        // A referral makes restore_command run Barman, which AskedBarman already counts.
        var stats = new WalPrefetchStats(Downloaded: 9, TakenFromSpool: 10, Refused: 0, PeakSpoolBytes: 32L << 20, MaxSpoolBytes: 256L << 20, AnsweredFound: 1, AnsweredAbsent: 3, Referred: 1, AskedBarman: 1);
        var report = new LocalRestoreReport("app", "app-database-v1", "20261203T000000", null, new RestoreTimings(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)), 11, null, new ValidationReport("app", "local", [], null), stats);

        var line = ValidationTable.Render(report);

        Assert.Contains("10 from the prefetch spool, 4 requests answered from S3, 1 from barman-cloud-wal-restore, peak 32 of 256 MiB", line, StringComparison.Ordinal);
    }
}
