using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>A verb that drives the run of one database: <c>&lt;db&gt;</c>, who does it, and the JSON switch.</summary>
public class RunSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--as <NAME>")]
    [Description("who does this, recorded in the run (default: the OS user)")]
    public string? As { get; init; }

    [CommandOption("--json")]
    [Description("machine-readable output")]
    public bool Json { get; init; }

    public string Identity => string.IsNullOrWhiteSpace(As) ? Environment.UserName : As;
}

/// <summary>A run-driving verb that follows the run: how often it asks the status query.</summary>
public class PollingSettings : RunSettings
{
    [CommandOption("--interval <SECONDS>")]
    [Description("seconds between two status queries")]
    [DefaultValue(2.0)]
    public double Interval { get; init; } = 2.0;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(Interval);

    public override Spectre.Console.ValidationResult Validate() =>
        Interval > 0 ? Spectre.Console.ValidationResult.Success() : Spectre.Console.ValidationResult.Error($"--interval {Interval} is not positive");
}
