using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>The one scrubber: known secrets, URL user info, connection-string passwords, exception chains.</summary>
public sealed class SecretScrubberTests
{
    [Theory]
    [InlineData("https://user:tok@git.example.com/a.git", "https://git.example.com/a.git")]
    [InlineData("failed to fetch https://x-access-token:abc@github.com/o/r: 403", "failed to fetch https://github.com/o/r: 403")]
    [InlineData("clone 'https://u:p@ss@h.example/x' failed", "clone 'https://h.example/x' failed")]
    [InlineData("postgresql://app:pw@db:5432/app?sslmode=require", "postgresql://db:5432/app?sslmode=require")]
    [InlineData("ssh://git:pw@host:22/x.git and https://y:z@other/", "ssh://host:22/x.git and https://other/")]
    [InlineData("file:///tmp/remote.git", "file:///tmp/remote.git")]
    [InlineData("s3://postgres-backups/cnpg/app/", "s3://postgres-backups/cnpg/app/")]
    [InlineData("deploy:tok3n@git.example.com:org/r.git", "deploy:***@git.example.com:org/r.git")]
    [InlineData("git@github.com:org/r.git", "git@github.com:org/r.git")]
    [InlineData("image ghcr.io/cloudnative-pg/postgresql:16.2@sha256:0123abcd", "image ghcr.io/cloudnative-pg/postgresql:16.2@sha256:0123abcd")]
    [InlineData("image postgresql:16.2@sha256:0123abcd", "image postgresql:16.2@sha256:0123abcd")]
    [InlineData("authentication failed for app@127.0.0.1:5432/app", "authentication failed for app@127.0.0.1:5432/app")]
    public void UrlUserInfoIsRemoved(string text, string clean) =>
        Assert.Equal(clean, SecretScrubber.Scrub(text));

    [Theory]
    [InlineData("Host=db;Username=app;Password=hunter2;Database=app", "Host=db;Username=app;Password=***;Database=app")]
    [InlineData("host=db password=hunter2", "host=db password=***")]
    [InlineData("Server=db;PWD='hun;ter2';Timeout=3", "Server=db;PWD=***;Timeout=3")]
    [InlineData("password = \"hunter2\"; port=5432", "password = ***; port=5432")]
    [InlineData("password authentication failed for user \"app\"", "password authentication failed for user \"app\"")]
    public void ConnectionStringPasswordsAreMasked(string text, string clean) =>
        Assert.Equal(clean, SecretScrubber.Scrub(text));

    [Theory]
    [InlineData("plain")]
    [InlineData("with;semicolon")]
    [InlineData("with\"double")]
    [InlineData("with'single")]
    [InlineData("both'and\"quotes;=")]
    public void APasswordAsNpgsqlWritesItInAConnectionStringIsMasked(string shape)
    {
        var marker = Guid.NewGuid().ToString("N");
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder { Host = "db", Password = shape + marker, Database = "app" }.ConnectionString;

        var text = SecretScrubber.Scrub($"open failed: {connectionString}");

        Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
        Assert.Contains("Host=db", text, StringComparison.Ordinal);
        Assert.Contains("Database=app", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAndRememberedSecretsAreMaskedAsWrittenAndUrlEncoded()
    {
        var given = $"given-{Guid.NewGuid():N}";
        var remembered = $"rem@mbered/{Guid.NewGuid():N}";
        SecretScrubber.Remember(remembered);

        var text = SecretScrubber.Scrub($"a {given} b {remembered} c {Uri.EscapeDataString(remembered)} d", given);

        Assert.Equal("a *** b *** c *** d", text);
    }

    [Fact]
    public void APasswordInARemoteUrlIsRememberedEncodedOrNot()
    {
        var password = $"p@ss:{Guid.NewGuid():N}";
        SecretScrubber.RememberUrlCredentials($"https://deploy:{Uri.EscapeDataString(password)}@git.example.com/r.git");

        Assert.Equal("echo *** and ***", SecretScrubber.Scrub($"echo {password} and {Uri.EscapeDataString(password)}"));
    }

    [Fact]
    public void AnExceptionChainBecomesScrubbedCopiesWithTypesStacksAndCauses()
    {
        var secret = $"s3cr3t-{Guid.NewGuid():N}";
        var original = Thrown(() => throw new InvalidOperationException(
            $"open failed (Password={secret};Host=db)",
            Thrown(() => throw new IOException($"GET https://u:{secret}@h.example/x refused"))));

        var copy = SecretScrubber.Sanitize(original, secret);

        var outer = Assert.IsType<ScrubbedException>(copy);
        Assert.Equal("System.InvalidOperationException", outer.OriginalType);
        Assert.Equal("System.InvalidOperationException: open failed (Password=***;Host=db)", outer.Message);
        Assert.Contains(nameof(Thrown), outer.StackTrace, StringComparison.Ordinal);
        var inner = Assert.IsType<ScrubbedException>(outer.InnerException);
        Assert.Equal("System.IO.IOException: GET https://h.example/x refused", inner.Message);
        Assert.Null(inner.InnerException);
        TemporalFailures.AssertNoSecret(outer, secret);
    }

    [Fact]
    public void ADrExceptionScrubsItsMessageAndItsInnerException()
    {
        var secret = $"s3cr3t-{Guid.NewGuid():N}";
        SecretScrubber.Remember(secret);
        var raw = Thrown(() => throw new InvalidOperationException($"boom {secret}"));

        var e = new DrException($"wrapped {secret} at https://u:{secret}@h.example/x", raw);

        Assert.Equal("wrapped *** at https://h.example/x", e.Message);
        Assert.Equal("System.InvalidOperationException: boom ***", e.InnerException?.Message);
        TemporalFailures.AssertOnlyScrubbedCauses(e);
        TemporalFailures.AssertNoSecret(e, secret);
    }

    [Fact]
    public void OursAndScrubbedCopiesAreKeptAsTheyAre()
    {
        var ours = new DrException("inner");
        var scrubbed = SecretScrubber.Sanitize(new InvalidOperationException("x"));

        Assert.Same(ours, SecretScrubber.Sanitize(ours));
        Assert.Same(scrubbed, SecretScrubber.Sanitize(scrubbed));
        Assert.Null(SecretScrubber.Sanitize(null));
    }

    [Fact]
    public async Task AToolEchoingCredentialsOnStderrOrStdoutReturnsThemScrubbed()
    {
        var secret = $"s3cr3t-{Guid.NewGuid():N}";
        var sh = ProcessRunner.Which("sh") ?? "/bin/sh";

        var result = await ProcessRunner.RunAsync(sh, ["-c", $"echo 'endpoint https://key:{secret}@s3.example/b' >&2; echo 'Password={secret};'; exit 3"], null, TimeSpan.FromMinutes(1), default);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("endpoint https://s3.example/b", result.StdErr.Trim());
        Assert.Equal("Password=***;", result.StdOut.Trim());
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("nothing thrown");
    }
}
