namespace CnpgDrTemporal.Activities;

/// <summary>Reads a Kubernetes Secret's data inside an activity, so only its name travels through workflows.</summary>
public interface ISecretReader
{
    Task<IReadOnlyDictionary<string, string>> ReadAsync(string @namespace, string name, CancellationToken ct);
}
