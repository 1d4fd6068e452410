using CnpgDrTemporal.Activities.Git;
using System.Globalization;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Drills;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>schedule apply|list</c>: one Temporal Schedule per database in <c>Dr:Drills</c>.</summary>
public sealed class ScheduleCommand(CliContext cli) : DrCommand<ScheduleSettings>(cli)
{
    protected override async Task<int> RunAsync(ScheduleSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var verb = args.Action;
        var configuration = services.GetRequiredService<IConfiguration>();
        var temporal = configuration.GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();
        switch (verb)
        {
            case "apply":
                var drills = ReadDrills(configuration);
                await RequireInRepoAsync(services, drills.Keys).ConfigureAwait(false);
                var client = await TemporalConnection.ConnectAsync(temporal).ConfigureAwait(false);
                foreach (var (db, drill) in drills)
                {
                    var created = await ApplyAsync(client, db, drill, temporal.TaskQueue).ConfigureAwait(false);
                    await output.WriteLineAsync($"{DrillScheduleOptions.ScheduleId(db)}: {(created ? "created" : "updated")} ({drill.Cron} {drill.TimeZone}, mode {drill.Mode})").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            case "list":
                await ListAsync(await TemporalConnection.ConnectAsync(temporal).ConfigureAwait(false), output).ConfigureAwait(false);
                return ExitCodes.Ok;
            default:
                throw new UsageException($"unknown schedule verb '{verb}'");
        }
    }

    public static SortedDictionary<string, DrillScheduleOptions> ReadDrills(IConfiguration configuration)
    {
        var drills = new SortedDictionary<string, DrillScheduleOptions>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(DrillScheduleOptions.Section).GetChildren())
        {
            drills[section.Key] = section.Get<DrillScheduleOptions>() ?? new DrillScheduleOptions();
        }

        return drills.Count > 0 ? drills : throw new DrException($"no drills configured: add {DrillScheduleOptions.Section}:<db> sections");
    }

    /// <summary>Creates the schedule, or updates it in place: applying twice changes nothing.</summary>
    public static async Task<bool> ApplyAsync(ITemporalClient client, string db, DrillScheduleOptions drill, string taskQueue)
    {
        var schedule = new Schedule(
            ScheduleActionStartWorkflow.Create(
                (DrillWorkflow wf) => wf.RunAsync(new DrillInput(db, drill.Mode, drill.Lineage)),
                new WorkflowOptions(DrillWorkflow.WorkflowId(db), taskQueue)),
            new ScheduleSpec { CronExpressions = [drill.Cron], TimeZoneName = drill.TimeZone })
        {
            Policy = new SchedulePolicy { Overlap = Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip, PauseOnFailure = true, CatchupWindow = TimeSpan.FromDays(1) },
        };
        try
        {
            await client.CreateScheduleAsync(DrillScheduleOptions.ScheduleId(db), schedule).ConfigureAwait(false);
            return true;
        }
        catch (ScheduleAlreadyRunningException)
        {
            await client.GetScheduleHandle(DrillScheduleOptions.ScheduleId(db)).UpdateAsync(_ => new ScheduleUpdate(schedule)).ConfigureAwait(false);
            return false;
        }
    }

    private static async Task ListAsync(ITemporalClient client, TextWriter output)
    {
        await foreach (var s in client.ListSchedulesAsync())
        {
            if (!s.Id.StartsWith("cnpg-dr-drill-", StringComparison.Ordinal))
            {
                continue;
            }

            var d = await client.GetScheduleHandle(s.Id).DescribeAsync().ConfigureAwait(false);
            var next = d.Info.NextActionTimes.FirstOrDefault();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{s.Id,-32} next {(next == default ? "-" : next.ToString("u", CultureInfo.InvariantCulture)),-22} {(d.Schedule.State.Paused ? "PAUSED " + d.Schedule.State.Note : "active")}")).ConfigureAwait(false);
        }
    }

    /// <summary>A schedule for a database the repo does not have would fail every quarter: refuse it now.</summary>
    private static async Task RequireInRepoAsync(IServiceProvider services, IEnumerable<string> databases)
    {
        var gitops = services.GetRequiredService<GitOpsRepo>();
        foreach (var db in databases)
        {
            try
            {
                await gitops.ReadDatabaseAsync(db, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ApplicationFailureException e)
            {
                throw new DrException($"drill for {db} refused: {e.Message}", e);
            }
        }
    }
}

/// <summary>The options of <see cref="ScheduleCommand"/>.</summary>
public sealed class ScheduleSettings : DrSettings
{
    [CommandArgument(0, "<ACTION>")]
    [Description("apply: create or update one Schedule per Dr:Drills entry; list: the drill schedules")]
    public string Action { get; init; } = string.Empty;
}
