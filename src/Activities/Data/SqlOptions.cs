namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// <c>Dr:Databases:&lt;db&gt;:Sql</c>: how to reach the database. The password is never configured inline:
/// it comes from the environment variable named by <see cref="PasswordEnvVar"/>, the file
/// <see cref="PasswordFile"/>, or the Kubernetes Secret <see cref="PasswordSecret"/> (CNPG's <c>&lt;cluster&gt;-app</c>).
/// </summary>
public sealed class SqlOptions
{
    /// <summary>Host; default the CNPG read-write service <c>&lt;cluster&gt;-rw.&lt;namespace&gt;</c>.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 5432;

    /// <summary>The application database (CNPG's bootstrap <c>database</c>, default <c>app</c>).</summary>
    public string Database { get; set; } = "app";

    public string Username { get; set; } = "app";

    public string? PasswordEnvVar { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>Name of a Kubernetes Secret with <c>username</c>/<c>password</c> keys.</summary>
    public string? PasswordSecret { get; set; }

    public int ConnectTimeoutSeconds { get; set; } = 10;

    public int CommandTimeoutSeconds { get; set; } = 60;
}

/// <summary><c>Dr:Databases:&lt;db&gt;:Validation</c>: what a restored database must contain.</summary>
public sealed class ValidationRules
{
    public List<string> RequiredTables { get; set; } = [];

    /// <summary>Tables up to this many estimated rows are counted exactly.</summary>
    public long ExactCountLimit { get; set; } = 5_000_000;

    /// <summary>Fewer rows than the baseline fail only beyond this percentage (null: report only).</summary>
    public double? MaxRowLossPercent { get; set; }

    public List<SqlAssertion> Assertions { get; set; } = [];
}

/// <summary>A custom check: <c>Query</c> returns one value compared with <c>Expected</c>.</summary>
public sealed class SqlAssertion
{
    public string Name { get; set; } = string.Empty;

    public string Query { get; set; } = string.Empty;

    /// <summary>eq, ne, gt, ge, lt, le.</summary>
    public string Comparison { get; set; } = "eq";

    public string Expected { get; set; } = string.Empty;
}
