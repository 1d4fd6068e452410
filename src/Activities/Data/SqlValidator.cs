using System.Globalization;
using Npgsql;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// Proves a restored database holds the data: not in recovery, the chosen backup's systemid, a new
/// timeline, user tables, required tables, row counts against the baseline, custom assertions.
/// </summary>
public static class SqlValidator
{
    public static async Task<ValidationReport> ValidateAsync(NpgsqlConnection connection, string database, string target, ValidationExpectation expect, ValidationRules rules, CancellationToken ct)
    {
        var checks = new List<ValidationCheck>();
        var inRecovery = (bool)(await Scalar(connection, "select pg_is_in_recovery()", ct).ConfigureAwait(false))!;
        checks.Add(new ValidationCheck("not-in-recovery", !inRecovery, "pg_is_in_recovery() = false", $"pg_is_in_recovery() = {inRecovery.ToString().ToLowerInvariant()}", inRecovery ? "the server is still replaying WAL or is a standby" : null));

        var observed = await BaselineReader.ReadAsync(connection, database, rules.ExactCountLimit, ct).ConfigureAwait(false);
        if (expect.SystemId is { } sys)
        {
            checks.Add(new ValidationCheck("system-identifier", observed.SystemId == sys, sys, observed.SystemId, observed.SystemId == sys ? null : "this database comes from another initdb than the chosen backup"));
        }

        if (expect.SourceTimeline is { } tl)
        {
            checks.Add(new ValidationCheck("timeline", observed.Timeline > tl, $"> {tl}", observed.Timeline.ToString(CultureInfo.InvariantCulture), observed.Timeline > tl ? null : "no promotion after recovery"));
        }

        checks.Add(new ValidationCheck("user-tables", observed.Tables.Count > 0, ">= 1", observed.Tables.Count.ToString(CultureInfo.InvariantCulture), observed.Tables.Count > 0 ? null : "an empty database: initdb instead of recovery?"));
        foreach (var required in rules.RequiredTables)
        {
            var found = Find(observed.Tables, required);
            checks.Add(new ValidationCheck($"table {required}", found is not null, "present", found is null ? "missing" : "present"));
        }

        if (expect.Baseline is { } baseline)
        {
            checks.AddRange(baseline.Tables.Select(b => RowCheck(b, Find(observed.Tables, b.QualifiedName), rules.MaxRowLossPercent)));
        }

        foreach (var assertion in rules.Assertions)
        {
            checks.Add(await AssertAsync(connection, assertion, ct).ConfigureAwait(false));
        }

        return new ValidationReport(database, target, checks, observed);
    }

    private static ValidationCheck RowCheck(TableRows before, TableRows? after, double? maxLossPercent)
    {
        var name = $"rows {before.QualifiedName}";
        var expected = $"{(before.Exact ? string.Empty : "~")}{before.Rows} (baseline)";
        if (after is null)
        {
            return new ValidationCheck(name, false, expected, "table missing");
        }

        var actual = $"{(after.Exact ? string.Empty : "~")}{after.Rows}";
        if (before.Rows > 0 && after.Rows == 0)
        {
            return new ValidationCheck(name, false, expected, actual, "table is empty");
        }

        if (after.Rows >= before.Rows || before.Rows == 0)
        {
            return new ValidationCheck(name, true, expected, actual);
        }

        var lossPercent = 100.0 * (before.Rows - after.Rows) / before.Rows;
        var passed = maxLossPercent is null || lossPercent <= maxLossPercent;
        var detail = string.Create(CultureInfo.InvariantCulture, $"{before.Rows - after.Rows} fewer rows ({lossPercent:0.#}%{(maxLossPercent is { } m ? $", tolerance {m}%" : ", reported only")})");
        return new ValidationCheck(name, passed, expected, actual, detail);
    }

    private static async Task<ValidationCheck> AssertAsync(NpgsqlConnection connection, SqlAssertion a, CancellationToken ct)
    {
        var name = $"assert {a.Name}";
        var expected = $"{a.Comparison} {a.Expected}";
        try
        {
            var value = Convert.ToString(await Scalar(connection, a.Query, ct).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "null";
            return new ValidationCheck(name, Compare(value, a.Comparison, a.Expected), expected, value);
        }
        catch (PostgresException e)
        {
            return new ValidationCheck(name, false, expected, "error", e.MessageText);
        }
    }

    public static bool Compare(string actual, string comparison, string expected)
    {
        var order = double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(actual, expected);
        return comparison switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            "le" => order <= 0,
            _ => throw new DrException($"comparison '{comparison}' is not one of eq, ne, gt, ge, lt, le"),
        };
    }

    private static TableRows? Find(IReadOnlyList<TableRows> tables, string name) =>
        tables.FirstOrDefault(t => t.QualifiedName == name || (!name.Contains('.', StringComparison.Ordinal) && t.Schema == "public" && t.Name == name));

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
