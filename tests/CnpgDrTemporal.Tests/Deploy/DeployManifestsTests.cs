using System.Reflection;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Tests.EndToEnd;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker.Hosting;

namespace CnpgDrTemporal.Tests.Deploy;

/// <summary>
/// deploy/ as Argo CD would render it (<c>kubectl kustomize</c>): a Deployment a pod can run safely, whose
/// configuration keys are real option names, and each example overlay.
/// </summary>
public class DeployManifestsTests
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");

    public static TheoryData<string> Kustomizations => new() { ".", "examples/self-hosted-mtls", "examples/temporal-cloud" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_kustomization_renders_one_worker_that_runs_as_non_root_on_a_read_only_root_with_probes(string dir)
    {
        var docs = Render(dir);
        var pod = Deployment(docs)["spec"]!["template"]!["spec"]!;
        var worker = Worker(docs);
        Assert.Equal(1, Deployment(docs)["spec"]!["replicas"]!.GetValue<long>());
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(worker["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(worker["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.NotNull(worker["resources"]!["requests"]!["memory"]);
        Assert.NotNull(worker["resources"]!["limits"]!["memory"]);
        Assert.Equal("cnpg-dr", pod["serviceAccountName"]!.GetValue<string>());
        Assert.Contains(docs, d => d["kind"]!.GetValue<string>() == "ServiceAccount" && d["metadata"]!["name"]!.GetValue<string>() == "cnpg-dr");

        var config = Settings(docs);
        var healthPort = config["Dr"]!["Health"]!["Port"]!.GetValue<int>();
        var port = worker["ports"]!.AsArray().Single()!;
        Assert.Equal(healthPort, port["containerPort"]!.GetValue<long>());
        Assert.Equal("/healthz", worker["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/readyz", worker["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.All(new[] { "livenessProbe", "readinessProbe" }, p => Assert.Equal(port["name"]!.GetValue<string>(), worker[p]!["httpGet"]!["port"]!.GetValue<string>()));

        // The kubelet waits longer than the worker lets in-flight activities finish, plus the host's margin.
        var graceful = TimeSpan.Parse(config["Dr"]!["Temporal"]!["GracefulShutdown"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<long>() > (graceful + WorkerTuning.HostStopMargin).TotalSeconds);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_config_and_the_Dr_environment_variables_name_real_options_and_writable_directories(string dir)
    {
        var docs = Render(dir);
        var worker = Worker(docs);
        var config = Settings(docs);
        var keys = Keys(config["Dr"]!.AsObject(), "Dr").ToList();
        var env = worker["env"]!.AsArray().Select(e => e!).ToList();
        keys.AddRange(env.Select(e => e["name"]!.GetValue<string>()).Where(n => n.StartsWith("Dr__", StringComparison.Ordinal)).Select(n => n.Replace("__", ":", StringComparison.Ordinal)));

        Assert.All(keys, key => Assert.True(IsOption(key), $"{key} is not a property of the Dr:* options"));

        var mounts = worker["volumeMounts"]!.AsArray().ToDictionary(m => m!["mountPath"]!.GetValue<string>(), m => m!["name"]!.GetValue<string>());
        var emptyDirs = Deployment(docs)["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Where(v => v!["emptyDir"] is not null).Select(v => v!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Contains(mounts["/tmp"], emptyDirs);
        Assert.Equal("/app/appsettings.json", mounts.Single(m => m.Value == "config").Key);
        foreach (var work in new[] { config["Dr"]!["Git"]!["WorkDir"]!, config["Dr"]!["LocalRestore"]!["WorkDir"]! }.Select(n => n.GetValue<string>()))
        {
            Assert.Contains(mounts, m => work.StartsWith(m.Key + "/", StringComparison.Ordinal) && emptyDirs.Contains(m.Value));
        }

        // Every variable a *EnvVar key names is set in the container, from a Secret where it is a credential.
        var names = env.ToDictionary(e => e["name"]!.GetValue<string>());
        var envVarKeys = Values(config["Dr"]!.AsObject(), "Dr").Concat(env.Where(e => e["value"] is not null).Select(e => (Key: e["name"]!.GetValue<string>().Replace("__", ":", StringComparison.Ordinal), Value: e["value"]!.GetValue<string>())));
        foreach (var (key, variable) in envVarKeys.Where(k => k.Key.EndsWith("EnvVar", StringComparison.Ordinal)))
        {
            Assert.True(names.TryGetValue(variable, out var set) && set["valueFrom"]?["secretKeyRef"] is not null, $"{key} names {variable}, which the Deployment does not take from a Secret");
        }

        // TLS files sit under a mounted Secret.
        var secretVolumes = Deployment(docs)["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Where(v => v!["secret"] is not null).Select(v => v!["name"]!.GetValue<string>()).ToHashSet();
        foreach (var file in env.Where(e => e["name"]!.GetValue<string>().EndsWith("File", StringComparison.Ordinal)).Select(e => e["value"]!.GetValue<string>()))
        {
            Assert.Contains(mounts, m => file.StartsWith(m.Key + "/", StringComparison.Ordinal) && secretVolumes.Contains(m.Value));
        }
    }

    [Fact]
    public void The_examples_configure_mutual_tls_and_a_temporal_cloud_api_key()
    {
        string Env(string dir, string name) => Worker(Render(dir))["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();
        Assert.Equal("/etc/temporal-tls/tls.crt", Env("examples/self-hosted-mtls", "Dr__Temporal__Tls__ClientCertFile"));
        Assert.Equal("TEMPORAL_API_KEY", Env("examples/temporal-cloud", "Dr__Temporal__ApiKeyEnvVar"));
        var rbac = Render("examples/self-hosted-mtls").Where(d => d["metadata"]!["name"]!.GetValue<string>() == "cnpg-dr-database");
        Assert.All(rbac, d => Assert.Equal("shop", d["metadata"]!["namespace"]!.GetValue<string>()));
    }

    [Fact]
    public void The_argo_cd_application_deploys_the_worker_into_its_namespace()
    {
        var app = GitClusterRenderer.Documents(File.ReadAllText(Path.Combine(Deploy, "examples", "argocd-application.yaml"))).Single();
        Assert.Equal("Application", app["kind"]!.GetValue<string>());
        Assert.Equal(Deployment(Render("."))["metadata"]!["namespace"]!.GetValue<string>(), app["spec"]!["destination"]!["namespace"]!.GetValue<string>());
        Assert.NotNull(app["spec"]!["source"]!["path"]);
    }

    private static List<JsonObject> Render(string dir)
    {
        var tool = KustomizeRenderer.FindTool() ?? throw new InvalidOperationException("these tests render deploy/ with kubectl (or kustomize): put one on PATH");
        return GitClusterRenderer.Documents(GitClusterRenderer.Render(tool, Path.Combine(Deploy, dir)));
    }

    private static JsonObject Deployment(List<JsonObject> docs) => docs.Single(d => d["kind"]!.GetValue<string>() == "Deployment");

    private static JsonNode Worker(List<JsonObject> docs) =>
        Deployment(docs)["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "worker")!;

    private static JsonObject Settings(List<JsonObject> docs)
    {
        var map = docs.Single(d => d["kind"]!.GetValue<string>() == "ConfigMap" && d["metadata"]!["name"]!.GetValue<string>().StartsWith("cnpg-dr-config", StringComparison.Ordinal));
        return JsonNode.Parse(map["data"]!["appsettings.json"]!.GetValue<string>())!.AsObject();
    }

    private static IEnumerable<string> Keys(JsonObject node, string prefix) =>
        node.SelectMany(p => p.Value is JsonObject child ? Keys(child, $"{prefix}:{p.Key}") : [$"{prefix}:{p.Key}"]);

    private static IEnumerable<(string Key, string Value)> Values(JsonObject node, string prefix) =>
        node.SelectMany(p => p.Value switch
        {
            JsonObject child => Values(child, $"{prefix}:{p.Key}"),
            JsonValue v when v.TryGetValue<string>(out var s) => [($"{prefix}:{p.Key}", s)],
            _ => [],
        });

    /// <summary>Dr:Section:Property[:Property...] against the classes that declare <c>Section</c>.</summary>
    private static bool IsOption(string key)
    {
        var sections = new[] { typeof(TemporalOptions).Assembly, typeof(HealthOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null)
            .ToList();
        var (type, section) = sections.SingleOrDefault(s => key.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            return false;
        }

        foreach (var part in key[(section!.Length + 1)..].Split(':'))
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return true;
    }
}
