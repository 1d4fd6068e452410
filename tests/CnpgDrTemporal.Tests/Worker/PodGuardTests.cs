using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker.Hosting;

namespace CnpgDrTemporal.Tests.Worker;

public class PodGuardTests
{
    private static readonly Func<string, string?> InPod = name => name == "KUBERNETES_SERVICE_HOST" ? "10.96.0.1" : null;

    [Fact]
    public void In_a_pod_without_an_address_the_worker_refuses_with_one_line_naming_the_fix()
    {
        var reason = PodGuard.RefusalReason(new TemporalOptions(), InPod);
        Assert.NotNull(reason);
        Assert.DoesNotContain('\n', reason);
        Assert.Contains("no Dr:Temporal:Address in a Kubernetes pod (KUBERNETES_SERVICE_HOST is set)", reason, StringComparison.Ordinal);
        Assert.Contains("--dev-server", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_or_the_dev_server_flag_lets_it_start_in_a_pod_and_a_laptop_needs_neither()
    {
        Assert.Null(PodGuard.RefusalReason(new TemporalOptions { Address = "temporal:7233" }, InPod));
        Assert.Null(PodGuard.RefusalReason(new TemporalOptions { DevServer = true }, InPod));
        Assert.Null(PodGuard.RefusalReason(new TemporalOptions(), _ => null));
    }

    [Fact]
    public void The_dev_server_runs_without_an_address_or_when_forced()
    {
        Assert.True(PodGuard.UsesDevServer(new TemporalOptions()));
        Assert.True(PodGuard.UsesDevServer(new TemporalOptions { Address = "temporal:7233", DevServer = true }));
        Assert.False(PodGuard.UsesDevServer(new TemporalOptions { Address = "temporal:7233" }));
    }
}
