using k8s;
using CnpgDrTemporal.KubeSim.Controllers;

namespace CnpgDrTemporal.KubeSim;

/// <summary>The simulated cluster: API server plus the scripted Argo, CNPG, storage and deployment controllers.</summary>
public sealed class KubeSimulator : IAsyncDisposable
{
    private KubeSimulator(KubeSimServer server)
    {
        Server = server;
        Argo = new ArgoController(server);
        Cnpg = new CnpgController(server);
        Storage = new StorageController(server);
        Deployments = new DeploymentController(server);
        Seed = new SimSeed(server.Store);
    }

    public KubeSimServer Server { get; }

    public ObjectStore Store => Server.Store;

    public ArgoController Argo { get; }

    public CnpgController Cnpg { get; }

    public StorageController Storage { get; }

    public DeploymentController Deployments { get; }

    public SimSeed Seed { get; }

    /// <summary>A client configuration pointing at this simulator (plain HTTP, no credentials).</summary>
    public KubernetesClientConfiguration Config => new() { Host = Server.Url };

    public static async Task<KubeSimulator> StartAsync()
    {
        var sim = new KubeSimulator(await KubeSimServer.StartAsync().ConfigureAwait(false));
        foreach (var c in sim.Controllers)
        {
            c.Start();
        }

        return sim;
    }

    /// <summary>Errors inside the scripted controllers: a test that passes with a broken script proves nothing.</summary>
    public IReadOnlyList<Exception> ControllerErrors => Controllers.SelectMany(c => c.Errors).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var c in Controllers)
        {
            await c.DisposeAsync().ConfigureAwait(false);
        }

        await Server.DisposeAsync().ConfigureAwait(false);
    }

    private IEnumerable<SimController> Controllers => [Argo, Cnpg, Storage, Deployments];
}
