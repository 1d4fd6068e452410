using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Worker.Cli;

return await CliApp.MainAsync(args, CliContext.FromProcess(), args => WorkerHost.RunAsync(args)).ConfigureAwait(false);
