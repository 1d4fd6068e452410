using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>preflight &lt;db&gt;</c>: the read-only cluster preflight against the current kube context. Changes nothing.</summary>
public sealed class PreflightCommand(CliContext cli) : DrCommand<PreflightSettings>(cli)
{
    protected override async Task<int> RunAsync(PreflightSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<Preflight>().RunAsync(args.Db, cancellationToken).ConfigureAwait(false);
        await Output.WriteLineAsync(args.Json ? Json.Serialize(report) : PreflightTable.Render(report)).ConfigureAwait(false);
        return report.Passed ? ExitCodes.Ok : ExitCodes.CheckRefused;
    }
}

/// <summary>The options of <see cref="PreflightCommand"/>.</summary>
public sealed class PreflightSettings : KubeSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--json")]
    [Description("the report as JSON")]
    public bool Json { get; init; }
}
