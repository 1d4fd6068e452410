using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cnpg;

/// <summary><c>cnpg-dr preflight &lt;db&gt;</c>: exit 0 when every guard passes, 3 when one refuses, 2 on an error; changes nothing.</summary>
public sealed class PreflightCommandTests
{
    [Fact]
    public async Task Exits_0_and_prints_the_report_as_json_when_every_guard_passes()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName);

        var (code, output, _) = await RunAsync(bed, Db, "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(ClusterName, json.RootElement.GetProperty("target").GetProperty("cluster").GetProperty("name").GetString());
        Assert.All(bed.Sim.Server.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exits_3_with_the_refusal_and_its_evidence_in_the_table()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["metadata"]!["annotations"]!["argocd.argoproj.io/skip-reconcile"] = "true");

        var (code, output, _) = await RunAsync(bed, Db);

        Assert.Equal(ExitCodes.CheckRefused, code);
        Assert.Contains("REFUSED", output, StringComparison.Ordinal);
        Assert.Contains("REFUSE  skip-reconcile", output, StringComparison.Ordinal);
        Assert.Contains("evidence: applications.argoproj.io argocd/paperless: metadata.annotations[argocd.argoproj.io/skip-reconcile]=true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_2_on_an_error_naming_what_failed()
    {
        await using var bed = await StartAsync();
        bed.Sim.Server.Faults.Add(new Fault("GET", "/applications/", 403, "Forbidden", Times: 10));

        var (code, _, error) = await RunAsync(bed, Db);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("permission denied: cannot get applications.argoproj.io argocd/paperless", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(ClusterTestBed bed, params string[] args)
    {
        var r = await CliRunner.RunAsync(
            new Dictionary<string, string?>(),
            services => services.AddSingleton(new KubernetesClientFactory(bed.Options, NullLoggerFactory.Instance, bed.Sim.Config)),
            ["preflight", .. args]);
        return (r.ExitCode, r.Output, r.Error);
    }
}
