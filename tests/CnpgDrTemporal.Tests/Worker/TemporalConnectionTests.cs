using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker;
using Microsoft.Extensions.Configuration;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Tests.Worker;

/// <summary>The production connection is built from configuration alone: files read, key from a variable or file, never echoed.</summary>
public sealed class TemporalConnectionTests : IDisposable
{
    private const string Key = "tmprl-SECRET-api-key-0123456789";
    private readonly string dir = Directory.CreateTempSubdirectory("cnpg-dr-tls-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Without_tls_or_key_the_connection_is_plain_grpc_on_the_address_and_namespace()
    {
        var o = TemporalConnection.ConnectOptions(new TemporalOptions { Address = "temporal:7233", Namespace = "dr", Identity = "cnpg-dr-0" }, environment: _ => null);
        Assert.Equal("temporal:7233", o.TargetHost);
        Assert.Equal("dr", o.Namespace);
        Assert.Equal("cnpg-dr-0", o.Identity);
        Assert.Null(o.Tls);
        Assert.Null(o.ApiKey);
        Assert.Null(o.Runtime);
    }

    [Fact]
    public void Mutual_tls_reads_the_ca_certificate_and_key_files_and_checks_the_server_name()
    {
        var temporal = new TemporalOptions
        {
            Address = "10.0.0.5:7233",
            Tls = new TemporalTlsOptions { ServerCaFile = Write("ca.crt", "CA"), ClientCertFile = Write("tls.crt", "CERT"), ClientKeyFile = Write("tls.key", "KEY"), ServerName = "temporal-frontend" },
        };
        var tls = TemporalConnection.ConnectOptions(temporal, environment: _ => null).Tls!;
        Assert.Equal("CA"u8.ToArray(), tls.ServerRootCACert);
        Assert.Equal("CERT"u8.ToArray(), tls.ClientCert);
        Assert.Equal("KEY"u8.ToArray(), tls.ClientPrivateKey);
        Assert.Equal("temporal-frontend", tls.Domain);
        Assert.False(tls.Disabled);
        Assert.StartsWith("mTLS (client certificate ", TemporalConnection.Security(temporal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_keys_bind_from_configuration_as_environment_variables_spell_them()
    {
        var temporal = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dr:Temporal:Address"] = "temporal-frontend:7233",
            ["Dr:Temporal:Tls:ServerCaFile"] = Write("ca.crt", "CA"),
            ["Dr:Temporal:Tls:ServerName"] = "temporal-frontend.temporal",
        }).Build().GetSection(TemporalOptions.Section).Get<TemporalOptions>()!;
        var tls = TemporalConnection.ConnectOptions(temporal, environment: _ => null).Tls!;
        Assert.Equal("CA"u8.ToArray(), tls.ServerRootCACert);
        Assert.Equal("temporal-frontend.temporal", tls.Domain);
        Assert.Equal("TLS", TemporalConnection.Security(temporal));
    }

    [Fact]
    public void Enabled_alone_means_tls_with_the_system_roots()
    {
        var tls = TemporalConnection.ConnectOptions(new TemporalOptions { Address = "t:7233", Tls = new TemporalTlsOptions { Enabled = true } }, environment: _ => null).Tls!;
        Assert.Null(tls.ServerRootCACert);
        Assert.Null(tls.ClientCert);
    }

    [Fact]
    public void An_api_key_comes_from_the_named_variable_and_turns_tls_on()
    {
        var temporal = new TemporalOptions { Address = "us-east-1.aws.api.temporal.io:7233", ApiKeyEnvVar = "TEMPORAL_API_KEY" };
        var o = TemporalConnection.ConnectOptions(temporal, environment: name => name == "TEMPORAL_API_KEY" ? Key + "\n" : null);
        Assert.Equal(Key, o.ApiKey);
        Assert.NotNull(o.Tls);
        Assert.False(o.Tls!.Disabled);
        Assert.Equal("TLS, API key from $TEMPORAL_API_KEY", TemporalConnection.Security(temporal));
    }

    [Fact]
    public void An_api_key_comes_from_the_named_file_trimmed_and_tls_can_be_turned_off_for_a_local_proxy()
    {
        var temporal = new TemporalOptions { Address = "proxy:7233", ApiKeyFile = Write("api-key", Key + "\n"), Tls = new TemporalTlsOptions { Enabled = false } };
        var o = TemporalConnection.ConnectOptions(temporal, environment: _ => null);
        Assert.Equal(Key, o.ApiKey);
        Assert.True(o.Tls!.Disabled);
    }

    [Fact]
    public void A_resolved_api_key_is_masked_in_every_later_error()
    {
        const string key = "tmprl-key-only-this-test-uses-7c1d";
        var temporal = new TemporalOptions { Address = "us-east-1.aws.api.temporal.io:7233", ApiKeyEnvVar = "TEMPORAL_API_KEY" };
        TemporalConnection.ConnectOptions(temporal, environment: _ => key);
        var error = new DrException($"the server echoed {key} back");
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_given_carries_over_to_the_connection()
    {
        var runtime = new TemporalRuntime(new TemporalRuntimeOptions());
        Assert.Same(runtime, TemporalConnection.ConnectOptions(new TemporalOptions { Address = "t:7233" }, runtime, _ => null).Runtime);
    }

    [Theory]
    [InlineData("ServerCaFile", "Dr:Temporal:Tls:ServerCaFile")]
    [InlineData("ClientCertFile", "Dr:Temporal:Tls:ClientCertFile")]
    [InlineData("ApiKeyFile", "Dr:Temporal:ApiKeyFile")]
    public void A_missing_file_is_one_line_naming_the_key_and_the_path(string which, string key)
    {
        var missing = Path.Combine(dir, "absent", "file.pem");
        var temporal = new TemporalOptions { Address = "t:7233" };
        switch (which)
        {
            case "ServerCaFile": temporal.Tls.ServerCaFile = missing; break;
            case "ClientCertFile": temporal.Tls.ClientCertFile = missing; temporal.Tls.ClientKeyFile = Write("k", "KEY"); break;
            default: temporal.ApiKeyFile = missing; break;
        }

        var e = Assert.Throws<DrException>(() => TemporalConnection.ConnectOptions(temporal, environment: _ => null));
        Assert.Equal($"{key}: cannot read {missing} (no such file)", e.Message);
    }

    [Fact]
    public void Bad_combinations_fail_with_one_line_and_never_the_key()
    {
        Func<string, string?> env = _ => Key;
        string Fail(TemporalOptions t) => Assert.Throws<DrException>(() => TemporalConnection.ConnectOptions(t, environment: env)).Message;

        var messages = new[]
        {
            Fail(new TemporalOptions { Address = "t", ApiKeyEnvVar = "K", Tls = new TemporalTlsOptions { ClientCertFile = Write("c", "C") } }),
            Fail(new TemporalOptions { Address = "t", ApiKeyEnvVar = "K", ApiKeyFile = Write("f", Key) }),
            Fail(new TemporalOptions { Address = "t", ApiKeyEnvVar = "K", Tls = new TemporalTlsOptions { Enabled = false, ServerCaFile = Write("ca", "CA") } }),
            Assert.Throws<DrException>(() => TemporalConnection.ConnectOptions(new TemporalOptions { Address = "t", ApiKeyEnvVar = "UNSET_KEY" }, environment: _ => null)).Message,
        };

        Assert.Contains("ClientCertFile and Dr:Temporal:Tls:ClientKeyFile go together", messages[0], StringComparison.Ordinal);
        Assert.Contains("ApiKeyEnvVar and ApiKeyFile are both set", messages[1], StringComparison.Ordinal);
        Assert.Contains("Enabled is false", messages[2], StringComparison.Ordinal);
        Assert.Equal("Dr:Temporal:ApiKeyEnvVar names UNSET_KEY, which is not set or empty", messages[3]);
        Assert.All(messages, m => Assert.DoesNotContain(Key, m, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain('\n', m));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
