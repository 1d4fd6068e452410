namespace CnpgDrTemporal.Activities;

/// <summary><c>Dr:Temporal:Tls</c>: files (mounted Secrets), never inline PEM.</summary>
public sealed class TemporalTlsOptions
{
    /// <summary>Null = on when any file or <see cref="ServerName"/> is set, or with an API key; false = plain gRPC.</summary>
    public bool? Enabled { get; set; }

    /// <summary>PEM of the CA that signed the server's certificate; empty = the system's roots.</summary>
    public string? ServerCaFile { get; set; }

    /// <summary>PEM client certificate for mTLS (with <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Name checked against the server's certificate when it differs from the address's host.</summary>
    public string? ServerName { get; set; }
}
