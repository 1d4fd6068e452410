namespace CnpgDrTemporal.Activities.Backups;

/// <summary>
/// <c>Dr:S3</c>: where Barman writes. Credentials are never configured here: they come from
/// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> or the named <see cref="Profile"/>.
/// </summary>
public sealed class S3Options
{
    public const string Section = "Dr:S3";

    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "postgres-backups";

    /// <summary>Path above the per-database folders: <c>s3://bucket/&lt;Prefix&gt;/&lt;db&gt;/&lt;serverName&gt;/</c>.</summary>
    public string Prefix { get; set; } = "cnpg";

    public string Region { get; set; } = "us-east-1";

    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Optional AWS shared-credentials profile name.</summary>
    public string? Profile { get; set; }

    /// <summary>Optional shared-credentials file holding <see cref="Profile"/> (default: ~/.aws/credentials).</summary>
    public string? ProfilesLocation { get; set; }

    /// <summary>A DONE backup smaller than this share of the median DONE backup of the database is suspect-empty.</summary>
    public double SuspectEmptyRatio { get; set; } = 0.5;

    /// <summary>Segments checked for gaps after each backup's end WAL in a normal catalog run.</summary>
    public int GapScanSegments { get; set; } = 512;

    /// <summary>Per-call timeout for S3 requests.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public string Endpoint => string.IsNullOrEmpty(ServiceUrl) ? $"s3.{Region}.amazonaws.com" : ServiceUrl;

    /// <summary>The key prefix of a database's lineages: <c>&lt;Prefix&gt;/&lt;db&gt;/</c>.</summary>
    public string DatabasePrefix(string database)
    {
        var root = Prefix.Trim('/');
        return root.Length == 0 ? $"{database}/" : $"{root}/{database}/";
    }

    /// <summary>Barman's destination path for a database, as CNPG and barman-cloud-* take it.</summary>
    public string DestinationPath(string database) => $"s3://{Bucket}/{DatabasePrefix(database)}";
}
