using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>preflight &lt;db&gt;</c>: the read-only cluster preflight against the current kube context. Changes nothing.</summary>
public sealed class PreflightCommand : ICliCommand
{
    public string Name => "preflight";

    public string Usage => "preflight <db> [--json]";

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = args.Require(0, "<db>");
        var report = await services.GetRequiredService<Preflight>().RunAsync(db, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(args.Has("json") ? Json.Serialize(report) : PreflightTable.Render(report)).ConfigureAwait(false);
        return report.Passed ? ExitCodes.Ok : ExitCodes.CheckRefused;
    }
}
