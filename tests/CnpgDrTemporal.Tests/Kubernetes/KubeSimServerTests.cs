using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CnpgDrTemporal.KubeSim;

/// <summary>The simulator behaves like the API server where the activities rely on it, driven by the real KubernetesClient.</summary>
public sealed class KubeSimServerTests : IAsyncLifetime
{
    private KubeSimServer sim = null!;
    private Kubernetes client = null!;

    public async Task InitializeAsync()
    {
        sim = await KubeSimServer.StartAsync();
        client = new Kubernetes(new KubernetesClientConfiguration { Host = sim.Url });
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Lists_by_label_selector_with_equality_set_and_existence_terms()
    {
        await CreatePvcAsync("a", new() { ["cnpg.io/cluster"] = "x", ["role"] = "primary" });
        await CreatePvcAsync("b", new() { ["cnpg.io/cluster"] = "x" });
        await CreatePvcAsync("c", new() { ["cnpg.io/cluster"] = "y", ["role"] = "replica" });

        async Task<string> Names(string selector) => string.Join(",", (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("db", labelSelector: selector)).Items.Select(p => p.Name()));

        Assert.Equal("a,b", await Names("cnpg.io/cluster=x"));
        Assert.Equal("a", await Names("cnpg.io/cluster=x,role=primary"));
        Assert.Equal("b,c", await Names("role!=primary"));
        Assert.Equal("a,c", await Names("role in (primary,replica)"));
        Assert.Equal("b", await Names("!role"));
        Assert.Equal("a,c", await Names("role"));
    }

    [Fact]
    public async Task Delete_with_finalizers_sets_deletionTimestamp_and_the_object_goes_when_they_are_removed()
    {
        await CreatePvcAsync("data", new() { ["cnpg.io/cluster"] = "x" }, "kubernetes.io/pvc-protection");

        await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", "db");
        var terminating = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "db");
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "data", "db");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "db"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.Response.StatusCode);
        Assert.Contains("\"kind\":\"Status\"", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patches_merge_json_and_strategic_and_bump_generation_only_on_spec_changes()
    {
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "app" }, ["spec"] = new JsonObject { ["x"] = 1 } }, "argoproj.io", "v1alpha1", "argocd", "applications");
        Assert.Equal(1, JsonObject.Create((System.Text.Json.JsonElement)created)!["metadata"]!["generation"]!.GetValue<long>());

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"annotations":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "argocd", "applications", "app");
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""[{"op":"add","path":"/spec/y","value":2}]""", V1Patch.PatchType.JsonPatch), "argoproj.io", "v1alpha1", "argocd", "applications", "app");
        var app = JsonObject.Create((System.Text.Json.JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", "argocd", "applications", "app"))!;

        Assert.Equal("b", app["metadata"]!["annotations"]!["a"]!.GetValue<string>());
        Assert.Equal(2, app["spec"]!["y"]!.GetValue<int>());
        Assert.Equal(2, app["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Watch_replays_from_a_resourceVersion_and_streams_added_modified_deleted()
    {
        var list = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("db");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pvc) in client.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync("db", labelSelector: "cnpg.io/cluster=x", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                seen.Add($"{type}:{pvc.Name()}");
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        await CreatePvcAsync("other", new() { ["cnpg.io/cluster"] = "y" });
        await CreatePvcAsync("data", new() { ["cnpg.io/cluster"] = "x" }, "f");
        await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", "db");
        await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("""{"metadata":{"finalizers":[]}}""", V1Patch.PatchType.MergePatch), "data", "db");
        await watching.WaitAsync(cts.Token);

        Assert.Equal(["Added:data", "Modified:data", "Deleted:data"], seen);
    }

    [Fact]
    public async Task Log_follow_streams_lines_until_the_container_ends()
    {
        sim.Store.Create(ResourceType.Pods, "db", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p" }, ["status"] = new JsonObject { ["phase"] = "Running" } });
        var log = sim.Logs.For("db", "p");
        log.Append("one");

        using var stream = await client.CoreV1.ReadNamespacedPodLogAsync("p", "db", follow: true);
        using var reader = new StreamReader(stream);
        Assert.Equal("one", await reader.ReadLineAsync());
        log.Append("two");
        Assert.Equal("two", await reader.ReadLineAsync());
        log.End();
        Assert.Null(await reader.ReadLineAsync());
    }

    private Task<V1PersistentVolumeClaim> CreatePvcAsync(string name, Dictionary<string, string> labels, params string[] finalizers) =>
        client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = name, Labels = labels, Finalizers = finalizers.Length == 0 ? null : finalizers } },
            "db");
}
