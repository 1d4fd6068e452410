using Microsoft.Extensions.Configuration;

namespace CnpgDrTemporal.Activities;

/// <summary>
/// <c>Dr:Databases:&lt;db&gt;</c>: where one database lives. Every key is optional; the defaults follow
/// the GitOps layout (<c>&lt;root&gt;/&lt;db&gt;/</c>, Cluster <c>&lt;db&gt;-database</c>, Application named like
/// the directory, as an ApplicationSet git directory generator names it). Shared by every concern:
/// add keys here, resolve defaults in <see cref="For"/>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Dr:Databases";

    /// <summary>The database name (the section key), filled by <see cref="For"/>.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>ArgoCD Application that deploys the database. Default: <c>&lt;db&gt;</c>.</summary>
    public string? Application { get; set; }

    /// <summary>Namespace of the CNPG Cluster. Default: where the Application says it deploys the Cluster.</summary>
    public string? Namespace { get; set; }

    /// <summary>CNPG Cluster name. Default: <c>&lt;db&gt;-database</c>.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Expected <c>spec.source.path</c> of the Application. Default: any path whose last segment is <c>&lt;db&gt;</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Namespaces whose Deployments are restarted after a recovery. Default: none.</summary>
    public List<string> ConsumerNamespaces { get; set; } = [];

    /// <summary>Label selector of the consumer Deployments. Default: every Deployment of those namespaces.</summary>
    public string? ConsumerSelector { get; set; }

    public string ApplicationName => string.IsNullOrWhiteSpace(Application) ? Database : Application;

    public string ClusterNameOrDefault => string.IsNullOrWhiteSpace(ClusterName) ? $"{Database}-database" : ClusterName;

    /// <summary>Binds <c>Dr:Databases:&lt;db&gt;</c> (absent section = all defaults).</summary>
    public static DatabaseOptions For(IConfiguration configuration, string database)
    {
        if (string.IsNullOrWhiteSpace(database) || database.Contains('/', StringComparison.Ordinal) || database.Contains(':', StringComparison.Ordinal))
        {
            throw new DrException($"'{database}' is not a database name");
        }

        var options = configuration.GetSection($"{Section}:{database}").Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.Database = database;
        options.ConsumerNamespaces = options.ConsumerNamespaces.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        return options;
    }
}
