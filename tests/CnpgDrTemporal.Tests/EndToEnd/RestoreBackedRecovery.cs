using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.KubeSim.Controllers;
using Microsoft.Extensions.Configuration;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>
/// The simulated CNPG's recovery job backed by a real one: reads what the created Cluster asks for
/// (<c>bootstrap.recovery</c> source lineage, optional backupID / targetTime), restores it with the real
/// Barman tools into a local PostgreSQL, streams that server's log lines as the pod's log and, once it
/// is promoted, points <c>Dr:Databases:&lt;db&gt;:Sql:Port</c> at it: the database "behind" the Cluster.
/// </summary>
public sealed class RestoreBackedRecovery(LocalRestorer restorer, IConfiguration configuration, string database) : IAsyncDisposable
{
    private readonly List<string> streamed = [];
    private int started;

    /// <summary>What the Cluster asked for, once created.</summary>
    public LocalRestoreRequest? Request { get; private set; }

    /// <summary>The promoted instance; the test owns it until disposal.</summary>
    public RestoredInstance? Instance { get; private set; }

    /// <summary>The real server's log lines handed to the simulated pod, in order.</summary>
    public IReadOnlyList<string> Streamed => streamed;

    /// <summary>The <see cref="CnpgController.RecoveryLogSource"/>: every line the restored server logs until promotion.</summary>
    public async IAsyncEnumerable<string> StreamAsync(ClusterCreated created, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            throw new InvalidOperationException($"a second recovery of {created.Name} was started: the end-to-end run expects one");
        }

        Request = RequestFor(created.Cluster);
        var lines = Channel.CreateUnbounded<string>();
        var restore = Task.Run(async () =>
        {
            try
            {
                Instance = await restorer.StartAsync(Request, line => lines.Writer.TryWrite(line), ct).ConfigureAwait(false);
                configuration[$"Dr:Databases:{database}:Sql:Port"] = Instance.Port.ToString(CultureInfo.InvariantCulture);
                lines.Writer.Complete();
            }
            catch (Exception e)
            {
                lines.Writer.Complete(e);
            }
        });

        await foreach (var line in lines.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            streamed.Add(line);
            yield return line;
        }

        await restore.ConfigureAwait(false);
    }

    /// <summary>The restore a CNPG operator would run for this Cluster (native or plugin external cluster).</summary>
    private LocalRestoreRequest RequestFor(JsonObject cluster)
    {
        var recovery = cluster["spec"]?["bootstrap"]?["recovery"] ?? throw new InvalidOperationException("the created Cluster has no spec.bootstrap.recovery");
        var source = recovery["source"]!.GetValue<string>();
        var external = cluster["spec"]!["externalClusters"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == source)!;
        var lineage = (external["barmanObjectStore"]?["serverName"] ?? external["plugin"]?["parameters"]?["serverName"])!.GetValue<string>();
        var target = recovery["recoveryTarget"];
        var time = target?["targetTime"]?.GetValue<string>() is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        return new LocalRestoreRequest(database, lineage, target?["backupID"]?.GetValue<string>(), time);
    }

    public async ValueTask DisposeAsync()
    {
        if (Instance is { } instance)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
        }
    }
}
