using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>Baseline and validation against the lab's live database, its standby and bad connections.</summary>
[Collection(LabCollection.Name)]
public sealed class ValidationLabTests(LabFixture lab)
{
    private DataProof Proof(IDictionary<string, string?>? extra = null, string portFact = "livePort")
    {
        var settings = lab.SqlSettings(portFact);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return lab.Services(settings).GetRequiredService<DataProof>();
    }

    private static ValidationCheck Check(ValidationReport r, string name) => r.Checks.Single(c => c.Name == name);

    [Fact]
    public async Task BaselineCapturesIdentityTimelineAndExactRowCounts()
    {
        var b = await Proof().CaptureBaselineAsync("app", default);
        Assert.Equal(lab.Fact("systemid_main"), b.SystemId);
        Assert.Equal(int.Parse(lab.Fact("live_timeline"), System.Globalization.CultureInfo.InvariantCulture), b.Timeline);
        Assert.StartsWith("15", b.ServerVersion, StringComparison.Ordinal);
        Assert.True(b.DatabaseSizeBytes > 1_000_000);
        Assert.Equal(long.Parse(lab.Fact("count_live"), System.Globalization.CultureInfo.InvariantCulture), b.Tables.Single(t => t.Name == "orders").Rows);
        Assert.Equal(30000, b.Tables.Single(t => t.Name == "blob").Rows);
        Assert.Equal(0, b.Tables.Single(t => t.Name == "audit_log").Rows);
        Assert.All(b.Tables, t => Assert.True(t.Exact));
    }

    [Fact]
    public async Task BigTablesAreEstimatedAndMarkedSo()
    {
        var b = await Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Validation:ExactCountLimit"] = "1000" }).CaptureBaselineAsync("app", default);
        Assert.False(b.Tables.Single(t => t.Name == "blob").Exact);
        Assert.True(b.Tables.Single(t => t.Name == "audit_log").Exact);
    }

    [Fact]
    public async Task TheRightDatabasePassesEveryCheck()
    {
        var activities = Proof(new Dictionary<string, string?>
        {
            ["Dr:Databases:app:Validation:RequiredTables:0"] = "orders",
            ["Dr:Databases:app:Validation:Assertions:0:Name"] = "orders exist",
            ["Dr:Databases:app:Validation:Assertions:0:Query"] = "select count(*) from orders",
            ["Dr:Databases:app:Validation:Assertions:0:Comparison"] = "ge",
            ["Dr:Databases:app:Validation:Assertions:0:Expected"] = "100",
        });
        var baseline = await activities.CaptureBaselineAsync("app", default);
        var r = await activities.ValidateAsync(new ValidateRequest("app", new ValidationExpectation(lab.Fact("systemid_main"), 1, baseline)), default);
        Assert.True(r.Passed, string.Join("; ", r.Checks.Where(c => !c.Passed).Select(c => c.Name)));
        Assert.Contains(r.Checks, c => c.Name == "assert orders exist" && c.Passed);
    }

    [Fact]
    public async Task AForeignSystemIdFails()
    {
        var r = await Proof().ValidateAsync(new ValidateRequest("app", new ValidationExpectation(lab.Fact("systemid_fresh"))), default);
        Assert.False(r.Passed);
        var c = Check(r, "system-identifier");
        Assert.False(c.Passed);
        Assert.Equal(lab.Fact("systemid_fresh"), c.Expected);
        Assert.Equal(lab.Fact("systemid_main"), c.Actual);
    }

    [Fact]
    public async Task AMissingRequiredTableFails()
    {
        var r = await Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Validation:RequiredTables:0"] = "public.invoices" })
            .ValidateAsync(new ValidateRequest("app", new ValidationExpectation()), default);
        Assert.False(Check(r, "table public.invoices").Passed);
        Assert.Equal("missing", Check(r, "table public.invoices").Actual);
    }

    [Fact]
    public async Task AZeroRowTableThatHadRowsFailsAndFewerRowsFailOnlyBeyondTolerance()
    {
        var live = long.Parse(lab.Fact("count_live"), System.Globalization.CultureInfo.InvariantCulture);
        var baseline = new Baseline("app", lab.Fact("systemid_main"), 2, "15", 0,
            [new TableRows("public", "audit_log", 5, true), new TableRows("public", "orders", live + (live / 20), true)], DateTimeOffset.UtcNow);
        var reportOnly = await Proof().ValidateAsync(new ValidateRequest("app", new ValidationExpectation(Baseline: baseline)), default);
        Assert.False(Check(reportOnly, "rows public.audit_log").Passed);
        Assert.Equal("table is empty", Check(reportOnly, "rows public.audit_log").Detail);
        Assert.True(Check(reportOnly, "rows public.orders").Passed);
        Assert.Contains("reported only", Check(reportOnly, "rows public.orders").Detail, StringComparison.Ordinal);

        var strict = await Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Validation:MaxRowLossPercent"] = "1" })
            .ValidateAsync(new ValidateRequest("app", new ValidationExpectation(Baseline: baseline)), default);
        Assert.False(Check(strict, "rows public.orders").Passed);
    }

    [Fact]
    public async Task ADatabaseStillInRecoveryFailsThatCheckInsteadOfHanging()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var r = await Proof(portFact: "standbyPort").ValidateAsync(new ValidateRequest("app", new ValidationExpectation(lab.Fact("systemid_main"))), default).WaitAsync(timeout.Token);
        Assert.False(r.Passed);
        Assert.False(Check(r, "not-in-recovery").Passed);
        Assert.True(Check(r, "system-identifier").Passed);
    }

    [Fact]
    public async Task AWrongPasswordIsNamedWithoutEchoingIt()
    {
        Environment.SetEnvironmentVariable("CNPG_DR_TEST_WRONG_PASSWORD", "not-the-password-42");
        var e = await Assert.ThrowsAsync<DrException>(() =>
            Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Sql:PasswordEnvVar"] = "CNPG_DR_TEST_WRONG_PASSWORD" }).CaptureBaselineAsync("app", default));
        Assert.Contains("authentication failed for app@127.0.0.1:" + lab.Fact("livePort"), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableHostIsNamedWithItsPort()
    {
        var e = await Assert.ThrowsAsync<DrException>(() =>
            Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Sql:Port"] = "9" }).CaptureBaselineAsync("app", default));
        Assert.Contains("cannot reach PostgreSQL at 127.0.0.1:9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDatabaseIsNamed()
    {
        var e = await Assert.ThrowsAsync<DrException>(() =>
            Proof(new Dictionary<string, string?> { ["Dr:Databases:app:Sql:Database"] = "nope" }).CaptureBaselineAsync("app", default));
        Assert.Contains("database 'nope' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "eq", "10", true)]
    [InlineData("10", "gt", "9", true)]
    [InlineData("10", "lt", "9", false)]
    [InlineData("abc", "ne", "abd", true)]
    public void AssertionComparisons(string actual, string comparison, string expected, bool result) =>
        Assert.Equal(result, SqlValidator.Compare(actual, comparison, expected));
}
