using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Worker.Cli;

return await CliApp.MainAsync(args, CliContext.FromProcess(), WorkerHost.RunAsync).ConfigureAwait(false);
