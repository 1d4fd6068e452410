namespace CnpgDrTemporal.Worker.Cli;

/// <summary>Exit codes are a contract people script against.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 2;
    public const int CheckRefused = 3;
}
