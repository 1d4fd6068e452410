using System.Reflection;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Tests.Worker;

/// <summary>
/// The worker registers exactly the activities the workflows schedule: nothing a workflow never calls
/// (a destructive helper registered by accident could be called by any workflow on the task queue
/// with a raw namespace and name), and nothing a workflow calls is missing.
/// </summary>
public sealed partial class RegisteredActivitiesTests
{
    private const string TaskQueue = "registrations-test";

    [Fact]
    public void The_registered_activities_are_exactly_those_the_workflows_schedule()
    {
        Assert.Equal(ScheduledByWorkflows(), Registered());
    }

    [Fact]
    public void No_two_registered_activities_share_a_name()
    {
        var names = Registered();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("RecoveryDeleteCluster", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Cluster", StringComparison.Ordinal) || n.StartsWith("CommitAndPush", StringComparison.Ordinal));
    }

    private static List<string> Registered()
    {
        var services = new ServiceCollection();
        var builder = new TemporalWorkerServiceOptionsBuilder(TaskQueue, services).AddDrWorkerRegistrations();
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>().Get(builder.ConfigureOptions().Name);
        return [.. options.Activities.Select(a => a.Name!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every <c>ExecuteActivityAsync((T a) => a.M(...))</c> in the workflow sources, as activity names.</summary>
    private static List<string> ScheduledByWorkflows()
    {
        var activities = typeof(DrException).Assembly;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var calls = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "Workflows"), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var matches = ActivityCall().Matches(text);
            // A call written another way would be missed silently: every call must match the pattern.
            Assert.True(Regex.Count(text, @"Execute(Local)?ActivityAsync\(") == matches.Count, $"{file}: an activity call does not have the form ((Type a) => a.Method(...))");
            foreach (Match m in matches)
            {
                calls++;
                var type = activities.GetTypes().Single(t => t.Name == m.Groups["type"].Value);
                var method = type.GetMethod(m.Groups["method"].Value, BindingFlags.Public | BindingFlags.Instance)!;
                names.Add(ActivityDefinition.Create(method, _ => null).Name!);
            }
        }

        Assert.True(calls > 0, "no activity call found under src/Workflows");
        return [.. names];
    }

    [GeneratedRegex(@"Execute(?:Local)?ActivityAsync\(\s*\((?<type>\w+) a\) => a\.(?<method>\w+)\(")]
    private static partial Regex ActivityCall();
}
