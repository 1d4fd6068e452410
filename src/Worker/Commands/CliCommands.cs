using CnpgDrTemporal.Worker.Commands.Runs;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>
/// Every verb the program answers to, with its help line and examples. The names are a scripting
/// contract. A new verb: a <c>DrCommand&lt;TSettings&gt;</c> class and one line here.
/// </summary>
public static class CliCommands
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        CliVerb.Of<CatalogCommand>("catalog", "Backups of a database in S3, per lineage, with verdicts; with a target, whether it is reachable", ["catalog", "app"], ["catalog", "app", "--lineage", "app-database-v1", "--target-time", "2026-04-19T03:00:00Z"]),
        CliVerb.Of<ValidateCommand>("validate", "SQL checks against the live database; also captures baselines", ["validate", "app", "--expected-systemid", "7412345678901234567"]),
        CliVerb.Of<RestoreLocalCommand>("restore-local", "Restore a lineage into a throwaway local PostgreSQL and validate it", ["restore-local", "app", "--lineage", "app-database-v1", "--target-time", "2026-04-19T03:00:00Z"]),
        CliVerb.Of<ScheduleCommand>("schedule", "Create, update or list the drill Schedules of Dr:Drills", ["schedule", "apply"], ["schedule", "list"]),
        CliVerb.Of<StatusCommand>("status", "One line per database of the GitOps repo", ["status"], ["status", "--json"]),
        CliVerb.Of<PlanCommand>("plan", "The git change a recovery would commit; writes nothing", ["plan", "gitea", "--source", "gitea-database-v1", "--target-time", "2026-04-19T03:00:00Z"]),
        CliVerb.Of<PlanMigrationCommand>("plan-migration", "The move of a database's backups to the Barman Cloud plugin: diff and rendered difference; writes nothing", ["plan-migration", "gitea"], ["plan-migration", "gitea", "--include-recovery-overlay", "--json"]),
        CliVerb.Of<PreflightCommand>("preflight", "Read-only cluster preflight against the kube context; changes nothing", ["preflight", "paperless"], ["preflight", "paperless", "--context", "prod"]),
        CliVerb.Of<MetricsCommand>("metrics", "Print the per-database cnpg_dr_* series once, or serve them without a worker (--serve)", ["metrics"], ["metrics", "--serve"]),
        CliVerb.Of<RecoverCommand>("recover", "Start the recovery of a database and show its plan", ["recover", "gitea", "--target-time", "2026-04-19T03:00:00Z"], ["recover", "gitea", "--dry-run"]),
        CliVerb.Of<ApproveCommand>("approve", "Show the pending approval of a recovery and approve it", ["approve", "gitea"], ["approve", "gitea", "--yes", "--expect-plan-hash", "3f2a9c", "--as", "alice"]),
        CliVerb.Of<WatchCommand>("watch", "Follow a recovery until it ends; exit 0 recovered, 3 failed/aborted/rejected", ["watch", "gitea"]),
        CliVerb.Of<AbortCommand>("abort", "Stop a recovery at its next step boundary (also the answer to a retarget question)", ["abort", "gitea", "--reason", "restoring by hand"]),
        CliVerb.Of<RejectCommand>("reject", "Turn down a recovery's pending approval; the run ends", ["reject", "gitea", "--reason", "wrong target time"]),
        CliVerb.Of<RetargetCommand>("retarget", "Give a recovery whose target was unreachable a new one", ["retarget", "gitea", "--latest"], ["retarget", "gitea", "--target-time", "2026-04-19T02:30:00Z"]),
        CliVerb.Of<RetryCommand>("retry", "Run the step a recovery parked on again, after its cause was fixed", ["retry", "gitea", "--comment", "S3 credentials rotated"]),
        CliVerb.Of<DrillCommand>("drill", "Start a drill of a database now", ["drill", "gitea"], ["drill", "gitea", "--mode", "Cluster"]),
        CliVerb.Of<RunsCommand>("runs", "Recoveries, drills and rebuilds with their state, from Temporal's visibility", ["runs"], ["runs", "--json"]),
    ];

    public static CliVerb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public static void Configure(IConfigurator config)
    {
        foreach (var verb in All)
        {
            var command = verb.Add(config).WithDescription(verb.Description);
            foreach (var example in verb.Examples)
            {
                command.WithExample(example);
            }
        }
    }
}

/// <summary>One verb: its name, help line, examples, and how Spectre adds it.</summary>
public sealed record CliVerb(string Name, string Description, IReadOnlyList<string[]> Examples, Func<IConfigurator, ICommandConfigurator> Add)
{
    public static CliVerb Of<TCommand>(string name, string description, params string[][] examples)
        where TCommand : class, ICommand =>
        new(name, description, examples, c => c.AddCommand<TCommand>(name));
}
