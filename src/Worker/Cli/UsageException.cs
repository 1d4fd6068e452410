namespace CnpgDrTemporal.Worker.Cli;

/// <summary>A wrong command line: printed with a pointer to the verb's help, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
