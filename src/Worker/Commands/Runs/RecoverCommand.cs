using System.ComponentModel;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console;
using Spectre.Console.Cli;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// <c>recover &lt;db&gt;</c>: starts the <see cref="RecoveryWorkflow"/> (ID <c>cnpg-dr-&lt;db&gt;</c>), waits
/// for its plan and shows it with what comes next. A run already in progress is shown, not started again.
/// </summary>
public sealed class RecoverCommand(CliContext cli) : DrCommand<RecoverSettings>(cli)
{
    protected override async Task<int> RunAsync(RecoverSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var input = InputOf(args);
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        var started = await StartAsync(run, input, cancellationToken).ConfigureAwait(false);
        if (!started && !args.Json)
        {
            Cli.Console.MarkupLine($"[yellow]a recovery of {Markup.Escape(args.Db)} is already in progress[/] ({run.WorkflowId}): shown, not started again");
        }
        else if (!args.Json)
        {
            Cli.Console.MarkupLine($"started {run.WorkflowId}{(input.DryRun ? " (dry run)" : string.Empty)}; waiting for its plan (Ctrl-C leaves the run running)");
        }

        var (status, running) = await new RunFollower(Cli, run, args.PollInterval, quiet: true)
            .FollowAsync(s => s.PendingApproval is not null || s.State is RunbookStates.Failed or RunbookStates.WaitingForOperator or RunbookStates.WaitingForRetarget, cancellationToken)
            .ConfigureAwait(false);
        var end = running ? null : await run.EndAsync(cancellationToken).ConfigureAwait(false);
        if (args.Json)
        {
            var planned = end?.Result?.Plan ?? await run.PlanAsync(cancellationToken).ConfigureAwait(false);
            await Output.WriteLineAsync(Json.Serialize(new { run.WorkflowId, started, status, plan = planned, outcome = end?.Outcome, reason = end?.Reason })).ConfigureAwait(false);
            return end?.ExitCode ?? ExitCodes.Ok;
        }

        if (!started || (end is null && status.PendingApproval is null))
        {
            Cli.Console.Write(RunViews.Status(status));
        }

        if ((end?.Result?.Plan ?? await run.PlanAsync(cancellationToken).ConfigureAwait(false)) is { } plan)
        {
            Cli.Console.Write(RunViews.Plan(plan));
        }
        else if (status.PendingApproval is { } pending)
        {
            Cli.Console.Write(RunViews.ApprovalScreen(pending));
        }

        Cli.Console.WriteLine();
        if (end is not null)
        {
            Cli.Console.MarkupLine($"{Markup.Escape(end.Outcome)}: {Markup.Escape(end.Reason)}");
            return end.ExitCode;
        }

        Cli.Console.MarkupLine(status.PendingApproval is { } p
            ? $"next: [bold]cnpg-dr approve {Markup.Escape(args.Db)}[/] (step {Markup.Escape(p.Step)}), then [bold]cnpg-dr watch {Markup.Escape(args.Db)}[/]; or [bold]cnpg-dr reject {Markup.Escape(args.Db)} --reason TEXT[/]"
            : $"next: [bold]cnpg-dr watch {Markup.Escape(args.Db)}[/]");
        return ExitCodes.Ok;
    }

    private static RecoveryInput InputOf(RecoverSettings args)
    {
        var time = CliTime.Parse(args.TargetTime, "target-time");
        if (time is not null && args.BackupId is not null)
        {
            throw new UsageException("give --backup-id or --target-time, not both");
        }

        var input = new RecoveryInput(
            args.Db, args.Source, args.BackupId, time, args.Next,
            args.ReviewBranch ? PushMode.ReviewBranch : PushMode.Direct,
            FourEyes: args.FourEyes, InitiatedBy: args.Identity, DryRun: args.DryRun, WalMaxParallel: args.WalMaxParallel);
        return input.Problems() is { Count: > 0 } problems ? throw new UsageException(string.Join("; ", problems)) : input;
    }

    private static async Task<bool> StartAsync(RecoveryRun run, RecoveryInput input, CancellationToken ct)
    {
        try
        {
            await run.Rpc(() => run.Client.StartWorkflowAsync(
                (RecoveryWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(run.WorkflowId, run.Temporal.TaskQueue) { Rpc = new RpcOptions { CancellationToken = ct } })).ConfigureAwait(false);
            return true;
        }
        catch (WorkflowAlreadyStartedException)
        {
            return false;
        }
    }
}

/// <summary>The options of <see cref="RecoverCommand"/>.</summary>
public sealed class RecoverSettings : PollingSettings
{
    [CommandOption("--target-time <ISO8601>")]
    [Description("recover to this point in time (with a zone: Z or an offset)")]
    public string? TargetTime { get; init; }

    [CommandOption("--backup-id <ID>")]
    [Description("recover this base backup (not with --target-time)")]
    public string? BackupId { get; init; }

    [CommandOption("--source <LINEAGE>")]
    [Description("lineage (serverName) to recover from; default: chosen by the plan")]
    public string? Source { get; init; }

    [CommandOption("--next <LINEAGE>")]
    [Description("new write lineage; default: the next free one")]
    public string? Next { get; init; }

    [CommandOption("--review-branch")]
    [Description("push a dr/<db>-<time> branch for review instead of the tracked branch")]
    public bool ReviewBranch { get; init; }

    [CommandOption("--four-eyes")]
    [Description("the approver must be someone else than who starts it (--as)")]
    public bool FourEyes { get; init; }

    [CommandOption("--wal-max-parallel <N>")]
    [Description("also set the recovery source's wal.maxParallel (1-64) in the same commit")]
    public int? WalMaxParallel { get; init; }

    [CommandOption("--dry-run")]
    [Description("plan only: show the plan, push and delete nothing")]
    public bool DryRun { get; init; }
}
