using Microsoft.Extensions.Configuration;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>Per-database SQL settings from <c>Dr:Databases:&lt;db&gt;</c>.</summary>
public sealed class DataSettings(IConfiguration configuration)
{
    public SqlOptions Sql(string database)
    {
        var section = Section(database);
        var sql = section.GetSection("Sql").Get<SqlOptions>() ?? new SqlOptions();
        sql.Host ??= $"{ClusterName(database)}-rw.{Namespace(database)}";
        return sql;
    }

    public ValidationRules Rules(string database) =>
        Section(database).GetSection("Validation").Get<ValidationRules>() ?? new ValidationRules();

    public string ClusterName(string database) => DatabaseOptions.For(configuration, database).ClusterNameOrDefault;

    /// <summary>The configured namespace; without one, the database name (SQL cannot ask Argo, as the preflight does).</summary>
    public string Namespace(string database) => DatabaseOptions.For(configuration, database).Namespace ?? database;

    private IConfigurationSection Section(string database) => configuration.GetSection($"{DatabaseOptions.Section}:{database}");
}
