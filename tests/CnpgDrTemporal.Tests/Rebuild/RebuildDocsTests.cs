using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Workflows.Rebuild;
using Xunit;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>The documented start command binds as the worker's data converter reads it.</summary>
public sealed class RebuildDocsTests
{
    [Fact]
    public void The_documented_input_binds_to_RebuildInput()
    {
        var doc = File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "docs", "rebuild.md"));
        var json = System.Text.RegularExpressions.Regex.Match(doc, @"--type RebuildWorkflow --workflow-id cnpg-dr-rebuild \\\s+--input '([^']+)'").Groups[1].Value;

        var input = System.Text.Json.JsonSerializer.Deserialize<RebuildInput>(json, CnpgDrTemporal.Workflows.DrDataConverter.JsonOptions)!;

        Assert.Equal(["paperless"], input.InitdbFor);
        Assert.Equal((2, PushMode.Direct), (input.MaxParallel, input.PushMode));
        Assert.Empty(input.Problems());
    }
}
