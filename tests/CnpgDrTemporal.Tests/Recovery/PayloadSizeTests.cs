using System.Text;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>Payloads stay bounded: Temporal refuses payloads over 2 MB, and the plan travels in several.</summary>
public sealed class PayloadSizeTests
{
    private const int Limit = 512 * 1024;

    [Fact]
    public void A_plan_for_a_5000_table_baseline_serializes_under_512_KB_with_its_diff_once()
    {
        var tables = Enumerable.Range(1, 5000).Select(i => new TableRows("customer_data", $"invoice_line_items_archive_partition_{i:D5}", i * 1000L, i % 7 != 0)).ToList();
        var baseline = new Baseline("app", "7412345678901234567", 2, "16.4", 512L << 30, tables, DateTimeOffset.UnixEpoch);
        var diff = new StringBuilder("--- a/base/cluster.yaml\n+++ b/base/cluster.yaml\n@@ DIFF-MARKER @@\n").Append(string.Concat(Enumerable.Repeat("-  serverName: app-database-v1\n+  serverName: app-database-v2\n", 200))).ToString();
        var git = new GitPlan(new GitEdit(GitEditKind.Recover, "app", "app-database-v1", "app-database-v2"), "recover app", diff, "hash", "abc", "app", ["base/cluster.yaml"], "after", "dr: recover app", DateTimeOffset.UnixEpoch);
        RecoveryPlan Plan(Baseline b) => new("app", "recover app", "hash", "app-database-v1", null, null, "app-database-v1", "app-database-v2", "7412345678901234567", null, [], b, Git: git, Timings: StepTimings.Default);

        var unbounded = Size(Plan(baseline));
        var bounded = Plan(baseline.ForPayload());
        var json = Encoding.UTF8.GetString(DrDataConverter.Instance.PayloadConverter.ToPayload(bounded).Data.ToByteArray());

        Assert.True(unbounded > Limit, $"the test's baseline is too small to matter: {unbounded} bytes");
        Assert.True(json.Length < Limit, $"plan payload is {json.Length} bytes");
        Assert.Equal(Baseline.PayloadTables, bounded.Baseline!.Tables.Count);
        Assert.Equal(5000, bounded.Baseline.TotalTables);
        Assert.Equal(5000_000L, bounded.Baseline.Tables[0].Rows);
        Assert.Equal(1, CountOf(json, "DIFF-MARKER"));
        Assert.Equal(diff, bounded.Diff);
    }

    [Fact]
    public void A_small_baseline_travels_whole()
    {
        var baseline = new Baseline("app", "1", 1, "16", 1, [new TableRows("public", "items", 42, true)], DateTimeOffset.UnixEpoch);

        Assert.Same(baseline, baseline.ForPayload());
        Assert.Null(baseline.ForPayload().TotalTables);
    }

    private static int Size(object value) => DrDataConverter.Instance.PayloadConverter.ToPayload(value).Data.Length;

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
