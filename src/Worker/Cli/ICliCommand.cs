namespace CnpgDrTemporal.Worker.Cli;

/// <summary>One command-line verb of the worker (catalog, plan, preflight, ...).</summary>
public interface ICliCommand
{
    string Name { get; }

    string Usage { get; }

    Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}
