namespace CnpgDrTemporal.Activities.Data;

/// <summary>The external tools a local restore needs, with the Debian package that brings each.</summary>
public static class RestoreTools
{
    /// <summary>Checks every tool before anything is downloaded; returns the PostgreSQL bin directory.</summary>
    public static string Require(string pgBinTemplate, int major)
    {
        var missing = new List<string>();
        foreach (var tool in new[] { "barman-cloud-restore", "barman-cloud-wal-restore" })
        {
            if (ProcessRunner.Which(tool) is null)
            {
                missing.Add($"{tool} (Debian package barman-cli-cloud)");
            }
        }

        var pgBin = pgBinTemplate.Replace("{major}", major.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (!File.Exists(Path.Combine(pgBin, "pg_ctl")))
        {
            missing.Add($"pg_ctl in {pgBin} (Debian package postgresql-{major})");
        }

        return missing.Count == 0 ? pgBin : throw new DrException("local restore needs " + string.Join(" and ", missing));
    }

    public static string Which(string tool) =>
        ProcessRunner.Which(tool) ?? throw new DrException($"{tool} is not on PATH (Debian package barman-cli-cloud)");
}
