using System.Globalization;
using CnpgDrTemporal.Activities.Status;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>status</c>: one line per database of the GitOps repo.</summary>
public sealed class StatusCommand(CliContext cli) : DrCommand<StatusSettings>(cli)
{
    protected override async Task<int> RunAsync(StatusSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var notes = new List<string>();
        var (drills, unavailable) = await TemporalDrillHistory.ConnectAsync(services.GetRequiredService<IConfiguration>()).ConfigureAwait(false);
        if (unavailable is not null)
        {
            notes.Add($"no drill history: {unavailable}");
        }

        var statuses = await services.GetRequiredService<StatusReader>().ReadAsync(drills, cancellationToken).ConfigureAwait(false);
        if (args.Json)
        {
            await output.WriteLineAsync(Json.Serialize(new { databases = statuses, notes })).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await output.WriteLineAsync($"{"database",-16} {"mode",-9} {"write lineage",-26} {"cluster",-28} {"last backup",-12} {"last WAL",-10} last drill").ConfigureAwait(false);
        foreach (var s in statuses)
        {
            var drill = s.LastDrillVerdict is null ? "-" : $"{s.LastDrillVerdict} {s.LastDrillAt:yyyy-MM-dd}{DrillRates(s)}";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{s.Database,-16} {s.Mode?.ToString().ToLowerInvariant() ?? "?",-9} {s.WriteLineage ?? "?",-26} {s.ClusterPhase ?? "?",-28} {Age(s.LastBackupAge),-12} {Age(s.LastArchivedWalAge),-10} {drill}")).ConfigureAwait(false);
            foreach (var note in s.Notes)
            {
                await output.WriteLineAsync($"    {note}").ConfigureAwait(false);
            }
        }

        foreach (var note in notes)
        {
            await output.WriteLineAsync(note).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The last drill's WAL replay rate and projected restore time, when it measured them.</summary>
    public static string DrillRates(DatabaseStatus s) =>
        s.LastDrillWalSegmentsPerSecond is not { } rate ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" ({rate:0.#} WAL segments/s{(s.LastDrillProjectedRestore is { } p ? $", restore now ~{p}" : string.Empty)})");

    public static string Age(TimeSpan? age) => age switch
    {
        null => "-",
        { TotalDays: >= 2 } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalDays}d ago"),
        { TotalHours: >= 2 } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalHours}h ago"),
        { } a => string.Create(CultureInfo.InvariantCulture, $"{(int)a.TotalMinutes}m ago"),
    };
}

/// <summary>The options of <see cref="StatusCommand"/>.</summary>
public sealed class StatusSettings : KubeSettings
{
    [CommandOption("--json")]
    [Description("the statuses as JSON")]
    public bool Json { get; init; }
}
