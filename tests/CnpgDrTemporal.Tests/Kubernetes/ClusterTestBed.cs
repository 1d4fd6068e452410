using CnpgDrTemporal.Activities;
using Microsoft.Extensions.DependencyInjection;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.KubeSim;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Converters;
using Temporalio.Testing;

namespace CnpgDrTemporal.Tests.Kubernetes;

/// <summary>
/// The Kubernetes-side helpers (Argo CD, CNPG, consumers) wired to a fresh simulator with short deadlines, plus an activity environment
/// that records heartbeats and can hand a previous attempt's heartbeat details to a retry.
/// </summary>
public sealed class ClusterTestBed : IAsyncDisposable
{
    public const string Db = "paperless";
    public const string Ns = "cloudnative-pg";
    public const string ClusterName = "paperless-database";

    private readonly KubernetesClientFactory factory;
    private readonly List<object?> heartbeats = [];

    private ClusterTestBed(KubeSimulator sim, KubernetesOptions options, IConfiguration configuration)
    {
        Sim = sim;
        Options = options;
        Configuration = configuration;
        factory = new KubernetesClientFactory(options, NullLoggerFactory.Instance, sim.Config);
        Api = new KubeApi(factory);
    }

    public KubeSimulator Sim { get; }

    public KubernetesOptions Options { get; }

    public IConfiguration Configuration { get; }

    public KubeApi Api { get; }

    public ClusterRef Cluster => new(Ns, ClusterName);

    public AppRef App => new("argocd", Db);

    /// <summary>The cancellation token of the activity the helper runs in (none outside one).</summary>
    public static CancellationToken Ct => ActivityToken.Current;

    public Preflight Preflight => new(Api, Configuration);

    public ArgoRefresh Refresh => new(Api);

    public ClusterDelete Delete => new(Api);

    public PvcWait PvcWait => new(Api);

    public PvcFinalizers Finalizers => new(Api);

    public ArgoSync Sync => new(Api);

    public RecoveryWatch Watch => new(Api);

    public LineageProver Lineage => new(Api);

    public ConsumerRestart Consumers => new(Api);

    /// <summary>The product's services (<c>AddDrActivities</c>) over this simulator: for the step activities themselves.
    /// <paramref name="replace"/> registers test doubles of what is not Kubernetes (e.g. the Temporal client's view of running workflows).</summary>
    public ServiceProvider Services(Action<IServiceCollection>? replace = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Configuration);
        services.AddDrActivities(Configuration);
        services.AddSingleton(factory);
        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public IReadOnlyList<object?> Heartbeats
    {
        get
        {
            lock (heartbeats)
            {
                return heartbeats.ToList();
            }
        }
    }

    public static KubernetesOptions FastOptions() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        RetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        RefreshTimeout = TimeSpan.FromSeconds(10),
        SyncTimeout = TimeSpan.FromSeconds(10),
        PvcStuckThreshold = TimeSpan.FromSeconds(10),
        PvcDeleteTimeout = TimeSpan.FromSeconds(10),
        RecoveryPodTimeout = TimeSpan.FromSeconds(10),
        RecoveryTimeout = TimeSpan.FromSeconds(15),
        ContinuousArchivingTimeout = TimeSpan.FromSeconds(10),
        BackupTimeout = TimeSpan.FromSeconds(10),
        RolloutTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<ClusterTestBed> StartAsync(Action<KubernetesOptions>? tweak = null, Dictionary<string, string?>? settings = null)
    {
        var options = FastOptions();
        tweak?.Invoke(options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        return new ClusterTestBed(await KubeSimulator.StartAsync(), options, configuration);
    }

    /// <summary>Runs <paramref name="activity"/> inside a Temporal activity context (heartbeats recorded),
    /// optionally as a retry that starts from <paramref name="resumeFrom"/> heartbeat details.</summary>
    public Task<T> RunAsActivityAsync<T>(Func<Task<T>> activity, object? resumeFrom = null)
    {
        var env = new ActivityEnvironment
        {
            Heartbeater = details =>
            {
                lock (heartbeats)
                {
                    heartbeats.AddRange(details);
                }
            },
        };
        if (resumeFrom is not null)
        {
            env = env with { Info = env.Info with { HeartbeatDetails = [DataConverter.Default.PayloadConverter.ToPayload(resumeFrom)] } };
        }

        return env.RunAsync(activity);
    }

    public IEnumerable<T> HeartbeatsOf<T>() => Heartbeats.OfType<T>();

    public async ValueTask DisposeAsync()
    {
        factory.Dispose();
        await Sim.DisposeAsync();
    }
}
