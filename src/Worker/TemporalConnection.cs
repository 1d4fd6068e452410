using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Workflows;
using Temporalio.Client;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Worker;

/// <summary>
/// A Temporal client speaking the DR payload JSON, connected up front so a wrong address is one clear line.
/// Every connection (worker and verbs) is built by <see cref="ConnectOptions"/>: TLS, mTLS and API key
/// come from files and environment variables named in <c>Dr:Temporal</c>, read once at start.
/// </summary>
public static class TemporalConnection
{
    private const string Tls = TemporalOptions.Section + ":Tls";

    /// <summary>Without <c>Dr:Temporal:Address</c>: the embedded dev server's port on this machine.</summary>
    public static string AddressOf(TemporalOptions temporal) =>
        string.IsNullOrWhiteSpace(temporal.Address) ? $"localhost:{temporal.LocalPort}" : temporal.Address;

    /// <summary>
    /// The connect options of <paramref name="temporal"/>: TLS files read, the API key from its variable
    /// or file. A missing file or variable is a one-line <see cref="DrException"/> naming the key and the
    /// path; the key itself is never in a message. <paramref name="runtime"/> carries telemetry (metrics).
    /// </summary>
    public static TemporalClientConnectOptions ConnectOptions(TemporalOptions temporal, TemporalRuntime? runtime = null, Func<string, string?>? environment = null)
    {
        var apiKey = ApiKey(temporal, environment ?? Environment.GetEnvironmentVariable);
        return new TemporalClientConnectOptions(AddressOf(temporal))
        {
            Namespace = temporal.Namespace,
            DataConverter = DrDataConverter.Instance,
            Tls = TlsOf(temporal.Tls, apiKey is not null),
            ApiKey = apiKey,
            Identity = string.IsNullOrWhiteSpace(temporal.Identity) ? null : temporal.Identity,
            Runtime = runtime,
        };
    }

    public static async Task<ITemporalClient> ConnectAsync(TemporalOptions temporal, TemporalRuntime? runtime = null)
    {
        var options = ConnectOptions(temporal, runtime);
        try
        {
            return await TemporalClient.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new DrException($"cannot connect to Temporal at {options.TargetHost} (Dr:Temporal:Address), namespace {temporal.Namespace}, {Security(temporal)}: {e.Message}", e);
        }
    }

    /// <summary>How the connection is secured, for the start-up line and errors: names only.</summary>
    public static string Security(TemporalOptions temporal)
    {
        var tls = TlsOf(temporal.Tls, HasApiKey(temporal), read: false) switch
        {
            null => "plain gRPC (no TLS)",
            { ClientCert: not null } => $"mTLS (client certificate {temporal.Tls.ClientCertFile})",
            _ => "TLS",
        };
        var key = !string.IsNullOrWhiteSpace(temporal.ApiKeyEnvVar) ? $", API key from ${temporal.ApiKeyEnvVar}"
            : !string.IsNullOrWhiteSpace(temporal.ApiKeyFile) ? $", API key from {temporal.ApiKeyFile}"
            : string.Empty;
        return tls + key;
    }

    private static bool HasApiKey(TemporalOptions t) => !string.IsNullOrWhiteSpace(t.ApiKeyEnvVar) || !string.IsNullOrWhiteSpace(t.ApiKeyFile);

    private static string? ApiKey(TemporalOptions temporal, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(temporal.ApiKeyEnvVar) && !string.IsNullOrWhiteSpace(temporal.ApiKeyFile))
        {
            throw new DrException($"{TemporalOptions.Section}:ApiKeyEnvVar and ApiKeyFile are both set: keep one");
        }

        if (!string.IsNullOrWhiteSpace(temporal.ApiKeyEnvVar))
        {
            var value = environment(temporal.ApiKeyEnvVar);
            return string.IsNullOrWhiteSpace(value)
                ? throw new DrException($"{TemporalOptions.Section}:ApiKeyEnvVar names {temporal.ApiKeyEnvVar}, which is not set or empty")
                : SecretScrubber.Remember(value.Trim());
        }

        if (!string.IsNullOrWhiteSpace(temporal.ApiKeyFile))
        {
            var value = System.Text.Encoding.UTF8.GetString(Read($"{TemporalOptions.Section}:ApiKeyFile", temporal.ApiKeyFile)).Trim();
            return value.Length == 0 ? throw new DrException($"{TemporalOptions.Section}:ApiKeyFile {temporal.ApiKeyFile} is empty") : SecretScrubber.Remember(value);
        }

        return null;
    }

    /// <summary>Null = plain gRPC. With <paramref name="read"/> false the files are only named, not read.</summary>
    private static TlsOptions? TlsOf(TemporalTlsOptions tls, bool apiKey, bool read = true)
    {
        var any = new[] { tls.ServerCaFile, tls.ClientCertFile, tls.ClientKeyFile, tls.ServerName }.Any(v => !string.IsNullOrWhiteSpace(v));
        if (tls.Enabled == false)
        {
            return any
                ? throw new DrException($"{Tls}:Enabled is false but {Tls} names files or a server name: remove them or enable TLS")
                : apiKey ? new TlsOptions { Disabled = true } : null;
        }

        if (tls.Enabled != true && !any && !apiKey)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(tls.ClientCertFile) != string.IsNullOrWhiteSpace(tls.ClientKeyFile))
        {
            throw new DrException($"{Tls}:ClientCertFile and {Tls}:ClientKeyFile go together (mTLS): set both or neither");
        }

        return new TlsOptions
        {
            ServerRootCACert = FileOrNull($"{Tls}:ServerCaFile", tls.ServerCaFile, read),
            ClientCert = FileOrNull($"{Tls}:ClientCertFile", tls.ClientCertFile, read),
            ClientPrivateKey = FileOrNull($"{Tls}:ClientKeyFile", tls.ClientKeyFile, read),
            Domain = string.IsNullOrWhiteSpace(tls.ServerName) ? null : tls.ServerName,
        };
    }

    private static byte[]? FileOrNull(string key, string? path, bool read) =>
        string.IsNullOrWhiteSpace(path) ? null : read ? Read(key, path) : [];

    private static byte[] Read(string key, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not the inner exception's text: one line naming the key and the path is all the operator needs.
            throw new DrException($"{key}: cannot read {path} ({(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.GetType().Name)})");
        }
    }
}
