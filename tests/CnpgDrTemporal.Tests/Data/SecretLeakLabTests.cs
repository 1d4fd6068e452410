using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// A database password never reaches a Temporal failure: the failure the worker's converter builds
/// from a connection error (message, stack trace, every cause) and the exception chain's text are
/// searched for it, against the lab's live PostgreSQL.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SecretLeakLabTests(LabFixture lab)
{
    [Fact]
    public async Task AWrongPasswordFromTheEnvironmentIsInNoPartOfTheTemporalFailure()
    {
        var variable = $"CNPG_DR_TEST_PASSWORD_{Guid.NewGuid():N}";
        var password = $"wrong-password-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, password);
        try
        {
            var proof = lab.Services(lab.SqlSettings(passwordEnvVar: variable)).GetRequiredService<DataProof>();

            var e = await Assert.ThrowsAsync<DrException>(() => proof.CaptureBaselineAsync("app", default));

            TemporalFailures.AssertNoSecret(e, password);
            TemporalFailures.AssertOnlyScrubbedCauses(e);

            // What the operator needs is still there: our line, then the server's reason and Npgsql's stack.
            var failure = TemporalFailures.Convert(e);
            Assert.Equal($"authentication failed for app@127.0.0.1:{lab.Fact("livePort")}/app: check the configured password source", failure.Message);
            var cause = Assert.Single(TemporalFailures.Chain(failure).Skip(1));
            Assert.Equal("Npgsql.PostgresException: 28P01: password authentication failed for user \"app\"", cause.Message);
            Assert.Contains("Npgsql.NpgsqlConnection", cause.StackTrace, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AWrongPasswordFromAFileIsInNoPartOfTheTemporalFailure()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cnpg-dr-password-{Guid.NewGuid():N}");
        var password = $"pa ss;word=\"{Guid.NewGuid():N}\"@'<&>";
        await File.WriteAllTextAsync(file, password + "\n");
        try
        {
            var settings = lab.SqlSettings();
            settings["Dr:Databases:app:Sql:PasswordEnvVar"] = null;
            settings["Dr:Databases:app:Sql:PasswordFile"] = file;
            var proof = lab.Services(settings).GetRequiredService<DataProof>();

            var e = await Assert.ThrowsAsync<DrException>(() => proof.ValidateAsync(new ValidateRequest("app", new ValidationExpectation()), default));

            TemporalFailures.AssertNoSecret(e, password);
            TemporalFailures.AssertOnlyScrubbedCauses(e);
            Assert.StartsWith("authentication failed for app@127.0.0.1:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnUnreachableServerKeepsItsReasonAndNoPassword()
    {
        var password = $"unused-password-{Guid.NewGuid():N}";
        var sql = new SqlOptions { Host = "127.0.0.1", Port = 9, Database = "app", Username = "app", ConnectTimeoutSeconds = 3 };

        var e = await Assert.ThrowsAsync<DrException>(() => DatabaseConnector.OpenAsync(sql, password, default));

        TemporalFailures.AssertNoSecret(e, password);
        TemporalFailures.AssertOnlyScrubbedCauses(e);
        Assert.StartsWith("cannot reach PostgreSQL at 127.0.0.1:9", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Npgsql.NpgsqlException: ", e.InnerException?.Message, StringComparison.Ordinal);
    }
}
