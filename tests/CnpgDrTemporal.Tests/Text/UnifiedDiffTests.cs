using CnpgDrTemporal.Activities.Text;
using Xunit;

namespace CnpgDrTemporal.Tests.Text;

public class UnifiedDiffTests
{
    [Fact]
    public void OneChangedLineGetsThreeLinesOfContext()
    {
        var diff = UnifiedDiff.Build("x.yaml", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nD\ne\nf\ng\nh\n");

        Assert.Equal("--- a/x.yaml\n+++ b/x.yaml\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n", diff);
    }

    [Fact]
    public void DistantChangesGetSeparateHunks()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"l{i}\n"));
        var after = before.Replace("l2\n", "L2\n", StringComparison.Ordinal).Replace("l18\n", "L18\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Build("x", before, after);

        Assert.Equal(
            "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n",
            diff);
    }

    [Fact]
    public void InsertedLinesAndAnEmptyOldSideAreCountedLikeGit()
    {
        Assert.Equal("--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n", UnifiedDiff.Build("x", string.Empty, "a\n"));
        Assert.Equal("--- a/x\n+++ b/x\n@@ -1,2 +1,4 @@\n a\n+b\n+c\n z\n", UnifiedDiff.Build("x", "a\nz\n", "a\nb\nc\nz\n"));
    }

    [Fact]
    public void AMissingFinalNewlineIsShown()
    {
        var diff = UnifiedDiff.Build("x", "a\nb", "a\nc");

        Assert.Equal("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", diff);
    }

    [Fact]
    public void EqualTextsHaveNoDiff() => Assert.Equal(string.Empty, UnifiedDiff.Build("x", "a\n", "a\n"));
}
