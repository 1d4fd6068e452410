namespace CnpgDrTemporal.Activities.Data;

/// <summary><c>Dr:LocalRestore</c>: where and as whom throwaway PostgreSQL instances run.</summary>
public sealed class LocalRestoreOptions
{
    public const string Section = "Dr:LocalRestore";

    public string WorkDir { get; set; } = Path.Combine(Path.GetTempPath(), "cnpg-dr-restore");

    /// <summary>PostgreSQL refuses to run as root: when the worker is root, restore as this user.</summary>
    public string RunAsUser { get; set; } = "postgres";

    /// <summary>Directory of pg_ctl; <c>{major}</c> is replaced by the backup's major version.</summary>
    public string PgBinDir { get; set; } = "/usr/lib/postgresql/{major}/bin";

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan ReplayTimeout { get; set; } = TimeSpan.FromHours(4);
}
