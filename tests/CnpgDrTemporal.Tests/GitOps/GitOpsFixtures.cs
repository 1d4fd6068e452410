using CnpgDrTemporal.Activities.GitOps;
using Xunit;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary>The example database directories copied under Fixtures/ (gitea: native shape, paperless: plugin shape).</summary>
public static class GitOpsFixtures
{
    public const string Gitea = "gitea";
    public const string Paperless = "paperless";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "GitOps", "Fixtures");

    public static string PathOf(string database) => Path.Combine(Root, database);

    /// <summary>The example as <see cref="DbFiles"/> whose repository path is the bare database name.</summary>
    public static DbFiles Files(string database) => DbFiles.Load(Root, database, database);

    /// <summary>The same files with one file's text changed by <paramref name="change"/>.</summary>
    public static DbFiles Tweak(this DbFiles files, string file, Func<string, string> change)
    {
        var before = files.Text(file);
        var after = change(before);
        Assert.NotEqual(before, after);
        return files.With(file, after);
    }

    /// <summary>Replaces the single line equal to <paramref name="line"/> with <paramref name="replacement"/> lines.</summary>
    public static string ReplaceLine(string text, string line, params string[] replacement)
    {
        var lines = text.Split('\n').ToList();
        var index = lines.IndexOf(line);
        Assert.True(index >= 0, $"line not found: [{line}]");
        Assert.Equal(index, lines.LastIndexOf(line));
        lines.RemoveAt(index);
        lines.InsertRange(index, replacement);
        return string.Join('\n', lines);
    }

    /// <summary>Copies a directory tree.</summary>
    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A new empty folder under the test temp root; the caller deletes it.</summary>
    public static string NewTempDir(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "cnpg-dr-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
