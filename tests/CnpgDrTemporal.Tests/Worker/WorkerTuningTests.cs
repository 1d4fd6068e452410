using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Temporalio.Worker;

namespace CnpgDrTemporal.Tests.Worker;

public class WorkerTuningTests
{
    [Fact]
    public void The_configured_identity_concurrency_and_graceful_shutdown_reach_the_worker_options()
    {
        var temporal = Bind(new()
        {
            ["Dr:Temporal:Identity"] = "cnpg-dr-7f9c",
            ["Dr:Temporal:MaxConcurrentActivities"] = "4",
            ["Dr:Temporal:MaxConcurrentWorkflowTasks"] = "2",
            ["Dr:Temporal:GracefulShutdown"] = "00:02:30",
        });
        var worker = new TemporalWorkerOptions();
        WorkerTuning.Apply(temporal, worker);
        Assert.Equal("cnpg-dr-7f9c", worker.Identity);
        Assert.Equal(4, worker.MaxConcurrentActivities);
        Assert.Equal(2, worker.MaxConcurrentWorkflowTasks);
        Assert.Equal(TimeSpan.FromSeconds(150), worker.GracefulShutdownTimeout);
    }

    [Fact]
    public void Unset_keys_keep_the_sdk_defaults_and_a_one_minute_graceful_shutdown()
    {
        var worker = new TemporalWorkerOptions();
        var defaults = new TemporalWorkerOptions();
        WorkerTuning.Apply(new TemporalOptions(), worker);
        Assert.Equal(defaults.MaxConcurrentActivities, worker.MaxConcurrentActivities);
        Assert.Equal(defaults.Identity, worker.Identity);
        Assert.Equal(TimeSpan.FromMinutes(1), worker.GracefulShutdownTimeout);
    }

    [Theory]
    [InlineData("MaxConcurrentActivities", "0", "Dr:Temporal:MaxConcurrentActivities must be at least 1 (got 0)")]
    [InlineData("MaxConcurrentWorkflowTasks", "-1", "Dr:Temporal:MaxConcurrentWorkflowTasks must be at least 1 (got -1)")]
    [InlineData("GracefulShutdown", "-00:00:01", "Dr:Temporal:GracefulShutdown must not be negative (got -00:00:01)")]
    public void A_bad_value_is_refused_before_anything_connects(string key, string value, string message)
    {
        var e = Assert.Throws<DrException>(() => WorkerTuning.Validate(Bind(new() { [$"Dr:Temporal:{key}"] = value })));
        Assert.Equal(message, e.Message);
    }

    private static TemporalOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(TemporalOptions.Section).Get<TemporalOptions>()!;
}
