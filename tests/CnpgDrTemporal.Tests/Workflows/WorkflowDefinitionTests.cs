using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Activities;
using Temporalio.Workflows;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>The workflow and activity definitions the SDK builds at worker start, checked without a server.</summary>
public class WorkflowDefinitionTests
{
    [Fact]
    public void The_workflow_exposes_the_names_the_cli_walkthrough_uses()
    {
        var definition = WorkflowDefinition.Create(typeof(RecoveryWorkflow));

        Assert.Equal("RecoveryWorkflow", definition.Name);
        Assert.Equal(["abort", "approve", "reject", "retarget", "retry"], definition.Signals.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["status"], definition.Queries.Keys);
        Assert.Equal(["Approve"], definition.Updates.Keys);
    }

    [Fact]
    public void Every_recovery_step_is_an_activity()
    {
        var names = typeof(RecoveryActivities).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(ActivityAttribute), false).Length > 0)
            .Select(m => ActivityDefinition.Create(m, _ => null).Name)
            .ToList();

        Assert.Equal(typeof(IRecoverySteps).GetMethods().Length, names.Count);
        Assert.All(typeof(IRecoverySteps).GetMethods(), m => Assert.Contains("Recovery" + m.Name[..^"Async".Length], names));
    }
}
