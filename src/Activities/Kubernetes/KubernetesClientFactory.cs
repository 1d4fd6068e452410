using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// One shared client: the kubeconfig as kubectl finds it (<c>Dr:Kubernetes:Kubeconfig</c>, <c>$KUBECONFIG</c>,
/// <c>~/.kube/config</c>; optional <c>Context</c>), else the pod's service account. Tests pass a configuration
/// pointing at a simulator.
/// </summary>
public sealed class KubernetesClientFactory : IDisposable
{
    public const string KubeconfigVariable = "KUBECONFIG";

    private const string DefaultSource = "kubectl's default";

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

    public static KubernetesClientConfiguration LoadConfiguration(KubernetesOptions options) =>
        LoadConfiguration(options, Environment.GetEnvironmentVariable(KubeconfigVariable), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// kubectl's order: <c>Dr:Kubernetes:Kubeconfig</c>, else the first file of <c>$KUBECONFIG</c>, else
    /// <c>~/.kube/config</c> when it exists, else the pod's service account. <c>Dr:Kubernetes:Context</c>
    /// selects a context of the file. An error names the file actually tried.
    /// </summary>
    public static KubernetesClientConfiguration LoadConfiguration(KubernetesOptions options, string? kubeconfigVariable, string home)
    {
        var context = string.IsNullOrWhiteSpace(options.Context) ? null : options.Context;
        var (path, source) = KubeconfigPath(options, kubeconfigVariable, home);
        if (source == DefaultSource && !File.Exists(path) && context is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or DirectoryNotFoundException)
        {
            var which = context is null ? "its current context" : $"context '{context}' (Dr:Kubernetes:Context)";
            var why = File.Exists(path) ? e.Message : "no such file";
            var pod = source == DefaultSource ? " and not running in a pod" : string.Empty;
            throw new DrException($"cannot load kubeconfig {path} ({source}) with {which}{pod}: {why}", e);
        }
    }

    /// <summary>The kubeconfig file to read and which setting chose it.</summary>
    public static (string Path, string Source) KubeconfigPath(KubernetesOptions options, string? kubeconfigVariable, string home)
    {
        if (!string.IsNullOrWhiteSpace(options.Kubeconfig))
        {
            return (options.Kubeconfig, $"{KubernetesOptions.Section}:Kubeconfig");
        }

        // kubectl merges every file of the list; the first one is what a single-file client can honour.
        var first = kubeconfigVariable?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null
            ? (first, $"first file of ${KubeconfigVariable}")
            : (Path.Combine(home, ".kube", "config"), DefaultSource);
    }

    private k8s.Kubernetes Build(KubernetesClientConfiguration configuration)
    {
        configuration.HttpClientTimeout = Options.RequestTimeout;
        Endpoint = configuration.Host;
        return new k8s.Kubernetes(configuration);
    }
}
