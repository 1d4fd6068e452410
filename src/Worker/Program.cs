using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Commands;

if (args.Length > 0 && CliCommands.Find(args[0]) is { } command)
{
    return await CliHost.RunAsync(command, args[1..], Console.Out, Console.Error).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("usage: cnpg-dr [verb] ...   (no verb: run the Temporal worker)");
    foreach (var c in CliCommands.All)
    {
        Console.WriteLine($"  {c.Usage}");
    }

    return ExitCodes.Ok;
}

return await WorkerHost.RunAsync(args).ConfigureAwait(false);
