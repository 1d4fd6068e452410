using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>The `validate` and `restore-local` verbs: exit 0 pass, 3 a check said no, 2 an error.</summary>
[Collection(LabCollection.Name)]
public sealed class DataCommandTests(LabFixture lab)
{
    private Dictionary<string, string?> Settings(string portFact = "livePort")
    {
        var s = lab.Settings();
        foreach (var (k, v) in lab.SqlSettings(portFact))
        {
            s[k] = v;
        }

        return s;
    }

    [Fact]
    public async Task ValidatePassesOnTheLiveDatabaseAndRefusesAForeignSystemId()
    {
        var ok = await CliRunner.RunAsync(Settings(), "validate", "app", "--expected-systemid", lab.Fact("systemid_main"));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("PASS", ok.Output, StringComparison.Ordinal);
        var foreign = await CliRunner.RunAsync(Settings(), "validate", "app", "--expected-systemid", lab.Fact("systemid_fresh"));
        Assert.Equal(3, foreign.ExitCode);
        Assert.Contains("[FAIL] system-identifier", foreign.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASavedBaselineIsUsedByTheNextValidation()
    {
        var file = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync(Settings(), "validate", "app", "--save-baseline", file)).ExitCode);
            var r = await CliRunner.RunAsync(Settings(), "validate", "app", "--baseline", file, "--json");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("\"rows public.orders\"", r.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ValidateAgainstTheStandbyIsACheckFailure()
    {
        var r = await CliRunner.RunAsync(Settings("standbyPort"), "validate", "app");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("[FAIL] not-in-recovery", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreLocalRefusesBothPinsAndReportsAnUnreachableTarget()
    {
        var both = await CliRunner.RunAsync(Settings(), "restore-local", "app", "--lineage", "app-database-v1", "--backup-id", lab.Fact("v1_backup1"), "--target-time", lab.Fact("ts_a"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Error, StringComparison.Ordinal);
        var late = await CliRunner.RunAsync(Settings(), "restore-local", "app", "--lineage", "app-database-v1", "--target-time", lab.Time("ts_c").AddHours(3).ToString("O"));
        Assert.Equal(3, late.ExitCode);
        Assert.Contains("recovery ended before configured recovery target was reached", late.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordExitsTwoWithoutTheSecret()
    {
        Environment.SetEnvironmentVariable("CNPG_DR_TEST_WRONG_PASSWORD_CLI", "hunter2-wrong");
        var s = Settings();
        s["Dr:Databases:app:Sql:PasswordEnvVar"] = "CNPG_DR_TEST_WRONG_PASSWORD_CLI";
        var r = await CliRunner.RunAsync(s, "validate", "app");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("authentication failed", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-wrong", r.Error + r.Output, StringComparison.Ordinal);
    }
}
