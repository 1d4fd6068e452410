using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// The calls the cluster activities make: custom resources through <c>CustomObjects</c> as
/// <see cref="JsonObject"/>, core objects through the typed APIs, every call through <see cref="KubeCalls"/>.
/// </summary>
public sealed class KubeApi(KubernetesClientFactory factory)
{
    private readonly KubeCalls calls = factory.Calls();
    private readonly ILogger logger = factory.Logger<KubeApi>();

    public KubernetesOptions Options => factory.Options;

    public KubeCalls Calls => calls;

    public IKubernetes Client => factory.Client;

    public string Endpoint => factory.Endpoint;

    public ILogger<T> Logger<T>() => factory.Logger<T>();

    public async Task<JsonObject?> GetAsync(Crd crd, string ns, string name, CancellationToken ct)
    {
        var found = await calls.GetOrNullAsync(crd.Describe(ns, name), c => Client.CustomObjects.GetNamespacedCustomObjectAsync(crd.Group, crd.Version, ns, crd.Plural, name, c), ct).ConfigureAwait(false);
        return found is null ? null : JsonPaths.ToJsonObject(found);
    }

    public async Task<JsonObject> GetRequiredAsync(Crd crd, string ns, string name, CancellationToken ct) =>
        await GetAsync(crd, ns, name, ct).ConfigureAwait(false) ?? throw new DrException($"{crd.Describe(ns, name)} not found");

    public async Task<(IReadOnlyList<JsonObject> Items, string? Version)> ListAsync(Crd crd, string ns, string? labelSelector, string? fieldSelector, CancellationToken ct)
    {
        var list = JsonPaths.ToJsonObject(await Client.CustomObjects.ListNamespacedCustomObjectAsync(crd.Group, crd.Version, ns, crd.Plural, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct).ConfigureAwait(false));
        return (list.Objects("items").ToList(), list.Str("metadata", "resourceVersion"));
    }

    public async Task<JsonObject> MergePatchAsync(Crd crd, string ns, string name, JsonObject patch, CancellationToken ct) =>
        JsonPaths.ToJsonObject(await calls.RunAsync("patch", crd.Describe(ns, name), c => Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), crd.Group, crd.Version, ns, crd.Plural, name, cancellationToken: c), ct).ConfigureAwait(false));

    public async Task<JsonObject> CreateAsync(Crd crd, string ns, JsonObject body, CancellationToken ct) =>
        JsonPaths.ToJsonObject(await calls.RunAsync("create", crd.Describe(ns, body.Name()), c => Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, crd.Group, crd.Version, ns, crd.Plural, cancellationToken: c), ct).ConfigureAwait(false));

    public Task<bool> DeleteAsync(Crd crd, string ns, string name, CancellationToken ct) => DeleteAsync(crd, ns, name, null, ct);

    /// <summary>Deletes; with <paramref name="uid"/> only that incarnation of the object (a re-created one answers 409 Conflict).</summary>
    public Task<bool> DeleteAsync(Crd crd, string ns, string name, string? uid, CancellationToken ct) =>
        calls.DeleteAsync(crd.Describe(ns, name), c => Client.CustomObjects.DeleteNamespacedCustomObjectAsync(crd.Group, crd.Version, ns, crd.Plural, name, body: OnlyUid(uid), cancellationToken: c), ct);

    /// <summary>Delete options with a UID precondition, or none.</summary>
    public static V1DeleteOptions? OnlyUid(string? uid) => uid is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } };

    public Task<WatchedSet<T>> WatchAsync<T>(WatchSource<T> source, ChangeSignal signal, CancellationToken ct)
        where T : class =>
        WatchedSet<T>.StartAsync(source, signal, calls, logger, ct);

    /// <summary>One custom object, watched by <c>metadata.name</c>.</summary>
    public WatchSource<JsonObject> CrdSource(Crd crd, string ns, string name) => new(
        crd.Describe(ns, name),
        c => ListAsync(crd, ns, null, $"metadata.name={name}", c),
        (version, c) => Client.CustomObjects.WatchListNamespacedCustomObjectAsync(crd.Group, crd.Version, ns, crd.Plural, fieldSelector: $"metadata.name={name}", resourceVersion: version, cancellationToken: c)
            .Select(e => (e.Item1, JsonPaths.ToJsonObject(e.Item2))),
        o => o.Name(),
        o => o.ResourceVersion());

    public WatchSource<V1PersistentVolumeClaim> PvcSource(string ns, string labelSelector) => new(
        $"persistentvolumeclaims in {ns} with {labelSelector}",
        async c =>
        {
            var l = await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: labelSelector, cancellationToken: c).ConfigureAwait(false);
            return (l.Items.ToList(), l.Metadata?.ResourceVersion);
        },
        (version, c) => Client.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: labelSelector, resourceVersion: version, cancellationToken: c),
        o => o.Name(),
        o => o.ResourceVersion());

    public WatchSource<V1Pod> PodSource(string ns, string labelSelector) => new(
        $"pods in {ns} with {labelSelector}",
        async c =>
        {
            var l = await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: c).ConfigureAwait(false);
            return (l.Items.ToList(), l.Metadata?.ResourceVersion);
        },
        (version, c) => Client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: labelSelector, resourceVersion: version, cancellationToken: c),
        o => o.Name(),
        o => o.ResourceVersion());

    public WatchSource<V1Deployment> DeploymentSource(string ns, string? labelSelector) => new(
        labelSelector is null ? $"deployments in {ns}" : $"deployments in {ns} with {labelSelector}",
        async c =>
        {
            var l = await Client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: c).ConfigureAwait(false);
            return (l.Items.ToList(), l.Metadata?.ResourceVersion);
        },
        (version, c) => Client.AppsV1.WatchListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, resourceVersion: version, cancellationToken: c),
        o => o.Name(),
        o => o.ResourceVersion());
}
