using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// One shared client: the in-cluster service account when running in a pod, else the kubeconfig
/// (<c>Dr:Kubernetes:Kubeconfig</c>, optional <c>Context</c>). Tests pass a configuration pointing at a simulator.
/// </summary>
public sealed class KubernetesClientFactory : IDisposable
{
    private readonly Lazy<IKubernetes> client;
    private readonly ILoggerFactory loggerFactory;

    public KubernetesClientFactory(IOptions<KubernetesOptions> options, ILoggerFactory loggerFactory)
        : this(options.Value, loggerFactory, null)
    {
    }

    public KubernetesClientFactory(KubernetesOptions options, ILoggerFactory loggerFactory, KubernetesClientConfiguration? configuration)
    {
        Options = options;
        this.loggerFactory = loggerFactory;
        client = new Lazy<IKubernetes>(() => Build(configuration ?? LoadConfiguration(options)));
    }

    public KubernetesOptions Options { get; }

    /// <summary>Where the client points, for messages: never a credential.</summary>
    public string Endpoint { get; private set; } = "(not connected)";

    public IKubernetes Client => client.Value;

    public KubeCalls Calls() => new(Options, loggerFactory.CreateLogger<KubeCalls>());

    public ILogger<T> Logger<T>() => loggerFactory.CreateLogger<T>();

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    public static KubernetesClientConfiguration LoadConfiguration(KubernetesOptions options)
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var path = string.IsNullOrWhiteSpace(options.Kubeconfig) ? null : options.Kubeconfig;
        var context = string.IsNullOrWhiteSpace(options.Context) ? null : options.Context;
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or DirectoryNotFoundException)
        {
            var where = path ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? "~/.kube/config";
            var which = context is null ? "its current context" : $"context '{context}'";
            throw new DrException($"cannot load kubeconfig {where} with {which} (Dr:Kubernetes:Kubeconfig / Dr:Kubernetes:Context) and not running in a pod: {e.Message}", e);
        }
    }

    private k8s.Kubernetes Build(KubernetesClientConfiguration configuration)
    {
        configuration.HttpClientTimeout = Options.RequestTimeout;
        Endpoint = configuration.Host;
        return new k8s.Kubernetes(configuration);
    }
}
