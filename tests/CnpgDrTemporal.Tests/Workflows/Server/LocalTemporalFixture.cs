using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Testing;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows.Server;

/// <summary>One dev server for the class, started on first use only (skipped tests never start it).</summary>
public sealed class LocalTemporalFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private WorkflowEnvironment? env;

    public static string HistoriesDirectory => TestPaths.InProject("Workflows", "Histories");

    public async Task<WorkflowEnvironment> EnvironmentAsync()
    {
        await gate.WaitAsync();
        try
        {
            return env ??= await WorkflowEnvironment.StartLocalAsync(new WorkflowEnvironmentStartLocalOptions
            {
                DataConverter = DrDataConverter.Instance,
                DevServerOptions = new DevServerOptions { ExistingPath = TemporalServerProbe.CliPath },
            });
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A worker host as the product builds it (same registrations), with <paramref name="steps"/> as the recovery steps.</summary>
    public static IHost Worker(WorkflowEnvironment environment, string taskQueue, IRecoverySteps steps) =>
        Worker(environment, taskQueue, new ScriptedRecoveryActivities(steps));

    /// <summary>A worker host as the product builds it, hosting <paramref name="recoveryActivities"/> under the recovery's activity names.</summary>
    public static IHost Worker(WorkflowEnvironment environment, string taskQueue, object recoveryActivities)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDrActivities(builder.Configuration);
        builder.Services
            .AddHostedTemporalWorker(environment.Client.Connection.Options.TargetHost!, environment.Client.Options.Namespace, taskQueue)
            .AddDrWorkerRegistrations(recoveryActivities);
        return builder.Build();
    }

    /// <summary>Writes the run's history, with its workflow ID, as <c>&lt;name&gt;.json</c> where <see cref="HistoryReplayTests"/> replays it (<see cref="RecordedHistory"/>).</summary>
    public static async Task ExportHistoryAsync(WorkflowHandle handle, string name) =>
        await RecordedHistory.WriteAsync(HistoriesDirectory, name, await handle.FetchHistoryAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (env is not null)
        {
            await env.DisposeAsync();
        }

        gate.Dispose();
    }
}
