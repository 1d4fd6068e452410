using System.Globalization;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// What the console shows, as pure functions of a captured status or plan: the approval screen,
/// the plan, the status of a run. No I/O here, so tests render them on a <c>TestConsole</c>.
/// </summary>
public static class RunViews
{
    /// <summary>The pending approval: step, why, the plan it pins (the objects affected are in why), the diff, the deadline.</summary>
    public static IRenderable ApprovalScreen(PendingApproval pending) => new Rows(
        new Rule($"[yellow bold]approval pending: step {Markup.Escape(pending.Step)} of {Markup.Escape(pending.Database)}[/]") { Justification = Justify.Left },
        Facts(
            ("why", pending.Why),
            ("plan", pending.PlanSummary),
            ("plan hash", pending.PlanHash),
            ("waiting since", Time(pending.Since)),
            ("deadline", Time(pending.Deadline))),
        new Text(string.Empty),
        DiffView.Render(pending.Diff));

    /// <summary>A whole plan (a dry run's result): what it recovers, from which backup, into what, the objects it deletes, findings and diff.</summary>
    public static IRenderable Plan(RecoveryPlan plan) => new Rows(
        new Rule($"[bold]plan for {Markup.Escape(plan.Database)}[/]") { Justification = Justify.Left },
        Facts(
            ("summary", plan.Summary),
            ("plan hash", plan.PlanHash),
            ("recover from", $"{plan.SourceLineage}, backup {plan.BackupId ?? "chosen by CNPG"}, target {(plan.TargetTime is { } t ? Time(t) : "latest")}"),
            ("write lineage", $"{plan.CurrentLineage} -> {plan.NextLineage}"),
            ("deletes", plan.Target?.Describe() ?? "(pinned at the delete approval)"),
            ("findings", plan.Findings.Count == 0 ? "none" : string.Join("; ", plan.Findings.Select(f => $"{(f.Blocking ? "BLOCKING " : string.Empty)}{f.Code}: {f.Evidence}"))),
            ("refused", plan.RefusalReason() ?? "no")),
        new Text(string.Empty),
        DiffView.Render(plan.Diff));

    /// <summary>The run at a glance: finished steps with durations, the current step, what it waits for, WAL progress.</summary>
    public static IRenderable Status(RecoveryStatus status)
    {
        var steps = new Table().Border(TableBorder.Simple).AddColumn("step").AddColumn("took").AddColumn("result");
        foreach (var f in status.Finished)
        {
            steps.AddRow(new Text(f.Round > 1 ? $"{f.Step} (round {f.Round})" : f.Step), new Text(Duration(f.EndedAt - f.StartedAt)), new Text(f.Result));
        }

        if (status.CurrentStep is { } current && status.Outcome is null)
        {
            steps.AddRow(new Text(current, new Style(Color.Yellow, decoration: Decoration.Bold)), new Text("..."), new Text(status.WaitingFor ?? "running"));
        }

        var rows = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(status.Database)}[/]: {StateMarkup(status)}"),
            steps,
        };
        rows.AddRange(Lines(status).Select(l => new Text(l)));
        return new Rows(rows);
    }

    /// <summary>The status as plain lines under the steps table: progress, waits, refusals, the end.</summary>
    public static IEnumerable<string> Lines(RecoveryStatus status)
    {
        if (status.Progress is { } p)
        {
            yield return $"WAL files restored: {p.RestoredFiles}{(p.LastRestoredFile is null ? string.Empty : $" (last {p.LastRestoredFile})")}";
            if (p.LastLine is not null)
            {
                yield return $"last recovery log line: {p.LastLine}";
            }
        }

        if (status.PendingApproval is { } pending)
        {
            yield return $"waiting for approval '{pending.Step}' until {Time(pending.Deadline)}: cnpg-dr approve {status.Database}";
        }
        else if (status.State == RunbookStates.WaitingForRetarget)
        {
            yield return $"recovery target unreachable: cnpg-dr retarget {status.Database} --latest | --target-time T | --backup-id ID, or cnpg-dr abort {status.Database} --reason TEXT";
        }
        else if (status.State == RunbookStates.WaitingForOperator)
        {
            yield return $"parked after a failure ({status.Failure}): fix the cause, then cnpg-dr retry {status.Database}";
        }

        foreach (var r in status.Refused)
        {
            yield return $"refused {r.Name} at {Time(r.At)}: {r.Reason}";
        }

        if (status.Failure is { } failure && status.State != RunbookStates.WaitingForOperator)
        {
            yield return $"failure: {failure}";
        }

        if (status.Outcome is { } outcome)
        {
            yield return $"outcome: {outcome}";
        }
    }

    public static string Duration(TimeSpan d) => d.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h{d.Minutes:D2}m")
        : d.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m{d.Seconds:D2}s") : string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:F1}s");

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string StateMarkup(RecoveryStatus status) => status.State switch
    {
        RunbookStates.Finished => $"[green]{status.State}[/]",
        RunbookStates.Failed => $"[red]{status.State}[/]",
        RunbookStates.Running => $"[blue]{status.State}[/]",
        _ => $"[yellow]{Markup.Escape(status.State)}[/]",
    };

    private static Grid Facts(params (string Name, string Value)[] facts)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (name, value) in facts)
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        }

        return grid;
    }
}
