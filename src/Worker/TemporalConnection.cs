using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Workflows;
using Temporalio.Client;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Worker;

/// <summary>A Temporal client speaking the DR payload JSON, connected up front so a wrong address is one clear line.</summary>
public static class TemporalConnection
{
    /// <summary>Without <c>Dr:Temporal:Address</c>: the embedded dev server's port on this machine.</summary>
    public static string AddressOf(TemporalOptions temporal) =>
        string.IsNullOrWhiteSpace(temporal.Address) ? $"localhost:{temporal.LocalPort}" : temporal.Address;

    public static async Task<ITemporalClient> ConnectAsync(TemporalOptions temporal, TemporalRuntime? runtime = null)
    {
        var address = AddressOf(temporal);
        try
        {
            return await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
            {
                Namespace = temporal.Namespace,
                DataConverter = DrDataConverter.Instance,
                Runtime = runtime,
            }).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new DrException($"cannot connect to Temporal at {address} (Dr:Temporal:Address), namespace {temporal.Namespace}: {e.Message}", e);
        }
    }
}
