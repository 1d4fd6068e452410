using System.Reflection;
using CnpgDrTemporal.Activities;
using Temporalio.Activities;

namespace CnpgDrTemporal.Tests.Worker;

/// <summary>Every activity the worker registers must have a name of its own, or the worker cannot start.</summary>
public sealed class ActivityNamesTests
{
    [Fact]
    public void NoTwoActivitiesShareAName()
    {
        var names = typeof(DrException).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<ActivityAttribute>() is not null)
            .Select(m => (Name: m.GetCustomAttribute<ActivityAttribute>()!.Name ?? DefaultName(m), Where: $"{m.DeclaringType!.Name}.{m.Name}"))
            .ToList();
        Assert.True(names.Count > 20, $"only {names.Count} activities found");
        var clashes = names.GroupBy(n => n.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Where))}");
        Assert.Empty(clashes);
    }

    // The SDK's default: the method name without its Async suffix.
    private static string DefaultName(MethodInfo m) => m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^5] : m.Name;
}
