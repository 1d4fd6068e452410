using Microsoft.Extensions.Configuration;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// Which databases the worker refuses to recover. <c>Dr:Databases:&lt;db&gt;:Protected</c> decides when set;
/// otherwise <c>Dr:Temporal:ProtectedDatabases</c> (default: <c>temporal</c>) does. Recovering the database
/// that backs the Temporal running this workflow would delete the workflow's own history.
/// </summary>
public static class ProtectedDatabases
{
    public const string DatabasesSection = "Dr:Databases";

    /// <summary>The refusal for <paramref name="database"/>, or null when it may be recovered.</summary>
    public static string? RefusalFor(string database, bool? protectedFlag, IReadOnlyList<string>? protectedList)
    {
        var list = protectedList ?? TemporalOptions.DefaultProtectedDatabases;
        var byFlag = protectedFlag == true;
        var byList = protectedFlag is null && list.Contains(database, StringComparer.Ordinal);
        if (!byFlag && !byList)
        {
            return null;
        }

        var source = byFlag ? $"{DatabasesSection}:{database}:Protected=true" : $"{TemporalOptions.Section}:ProtectedDatabases ({string.Join(", ", list)})";
        return $"database {database} is protected by {source}: recover it with a DR worker on a separate Temporal (the embedded dev server) or set {DatabasesSection}:{database}:Protected=false";
    }

    /// <summary>Reads both settings from configuration.</summary>
    public static string? RefusalFor(string database, IConfiguration configuration)
    {
        var flag = configuration.GetSection($"{DatabasesSection}:{database}:Protected").Get<bool?>();
        var list = configuration.GetSection($"{TemporalOptions.Section}:ProtectedDatabases").Get<string[]>();
        return RefusalFor(database, flag, list);
    }
}
