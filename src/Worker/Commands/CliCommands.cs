using CnpgDrTemporal.Worker.Cli;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>Every verb the worker answers to; the names are a scripting contract.</summary>
public static class CliCommands
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new CatalogCommand(),
        new ValidateCommand(),
        new RestoreLocalCommand(),
        new ScheduleCommand(),
        new StatusCommand(),
        new MetricsCommand(),
        new PlanCommand(),
        new PreflightCommand(),
    ];

    public static ICliCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
