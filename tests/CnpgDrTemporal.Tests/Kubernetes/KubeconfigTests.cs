using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Kubernetes;

namespace CnpgDrTemporal.Tests.Kubernetes;

/// <summary>kubectl's conventions: Dr:Kubernetes:Kubeconfig, else the first file of $KUBECONFIG, else ~/.kube/config; --context picks a context.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cnpg-dr-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_first_file_of_KUBECONFIG_is_read_when_no_kubeconfig_is_configured()
    {
        var first = Kubeconfig("first", ("prod", "https://prod.example:6443"));
        var second = Kubeconfig("second", ("other", "https://other.example:6443"));
        var config = KubernetesClientFactory.LoadConfiguration(new KubernetesOptions(), $"{first}{Path.PathSeparator}{second}", Home());
        Assert.Equal("https://prod.example:6443/", Normalize(config.Host));
    }

    [Fact]
    public void Dr_Kubernetes_Kubeconfig_wins_over_KUBECONFIG_and_the_context_selects_a_cluster()
    {
        var configured = Kubeconfig("configured", ("staging", "https://staging.example:6443"), ("prod", "https://prod.example:6443"));
        var env = Kubeconfig("env", ("other", "https://other.example:6443"));
        var options = new KubernetesOptions { Kubeconfig = configured, Context = "prod" };
        Assert.Equal("https://prod.example:6443/", Normalize(KubernetesClientFactory.LoadConfiguration(options, env, Home()).Host));
        Assert.Equal("https://staging.example:6443/", Normalize(KubernetesClientFactory.LoadConfiguration(new KubernetesOptions { Kubeconfig = configured }, env, Home()).Host));
    }

    [Fact]
    public void Without_either_the_home_kubeconfig_is_read()
    {
        var home = Home();
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.Copy(Kubeconfig("home", ("laptop", "https://laptop.example:6443")), Path.Combine(home, ".kube", "config"));
        Assert.Equal("https://laptop.example:6443/", Normalize(KubernetesClientFactory.LoadConfiguration(new KubernetesOptions(), null, home).Host));
    }

    [Fact]
    public void A_missing_KUBECONFIG_file_is_named_in_the_error()
    {
        var missing = Path.Combine(dir, "nope", "config");
        var e = Assert.Throws<DrException>(() => KubernetesClientFactory.LoadConfiguration(new KubernetesOptions(), missing + Path.PathSeparator + "/other", Home()));
        Assert.Equal($"cannot load kubeconfig {missing} (first file of $KUBECONFIG) with its current context: no such file", e.Message);
    }

    [Fact]
    public void An_unknown_context_is_named_with_the_file_it_was_looked_for_in()
    {
        var file = Kubeconfig("one", ("prod", "https://prod.example:6443"));
        var e = Assert.Throws<DrException>(() => KubernetesClientFactory.LoadConfiguration(new KubernetesOptions { Context = "staging" }, file, Home()));
        Assert.StartsWith($"cannot load kubeconfig {file} (first file of $KUBECONFIG) with context 'staging' (Dr:Kubernetes:Context): ", e.Message, StringComparison.Ordinal);
    }

    private static string Normalize(string host) => host.EndsWith('/') ? host : host + "/";

    private string Home() => Directory.CreateDirectory(Path.Combine(dir, "home-" + Guid.NewGuid().ToString("N")[..6])).FullName;

    private string Kubeconfig(string name, params (string Context, string Server)[] contexts)
    {
        var path = Path.Combine(dir, name);
        var clusters = string.Join("\n", contexts.Select(c => $"- name: {c.Context}\n  cluster:\n    server: {c.Server}"));
        var ctx = string.Join("\n", contexts.Select(c => $"- name: {c.Context}\n  context:\n    cluster: {c.Context}\n    user: u"));
        File.WriteAllText(path, $"apiVersion: v1\nkind: Config\ncurrent-context: {contexts[0].Context}\nclusters:\n{clusters}\ncontexts:\n{ctx}\nusers:\n- name: u\n  user:\n    token: t\n");
        return path;
    }
}
