using System.Collections.Immutable;
using System.Text;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// The text files of one database directory: paths relative to it (forward slashes) to content.
/// Edits are functions from one <see cref="DbFiles"/> to another; nothing here touches a disk
/// except <see cref="Load"/> and <see cref="WriteChanges"/>.
/// </summary>
public sealed record DbFiles(string Database, string Directory, ImmutableSortedDictionary<string, string> Files)
{
    /// <summary>Files larger than this are not GitOps manifests; they are skipped, not loaded.</summary>
    public const int MaxFileBytes = 1 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Repository-relative path of a file of this directory.</summary>
    public string RepoPath(string file) => $"{Directory}/{file}";

    public bool Has(string file) => Files.ContainsKey(file);

    public string Text(string file) =>
        Files.TryGetValue(file, out var text) ? text : throw GitOpsException.BadInput($"{RepoPath(file)} is missing");

    public DbFiles With(string file, string text) => this with { Files = Files.SetItem(file, text) };

    /// <summary>Files whose content differs from <paramref name="before"/> (or that are new), sorted.</summary>
    public IReadOnlyList<string> ChangedSince(DbFiles before) =>
        Files.Where(f => !before.Files.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key).ToList();

    public static DbFiles Load(string repoRoot, string directory, string database)
    {
        ValidateDatabaseName(database);
        var root = Path.Combine(repoRoot, directory.Replace('/', Path.DirectorySeparatorChar));
        if (!System.IO.Directory.Exists(root))
        {
            throw GitOpsException.BadInput($"database directory {directory} not found in {repoRoot}");
        }

        var files = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                continue;
            }

            // Decoding without BOM stripping keeps every byte for the write-back.
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            files[relative] = Utf8.GetString(File.ReadAllBytes(path));
        }

        return new DbFiles(database, directory, files.ToImmutable());
    }

    /// <summary>A database name is one path segment: it becomes a directory name and a branch name part.</summary>
    public static void ValidateDatabaseName(string database)
    {
        if (string.IsNullOrWhiteSpace(database) || database.IndexOfAny(['/', '\\', ' ']) >= 0 || database.StartsWith('.'))
        {
            throw GitOpsException.BadInput($"'{database}' is not a database name");
        }
    }

    /// <summary>Writes the files that differ from <paramref name="before"/> under <paramref name="repoRoot"/>; returns their repo paths.</summary>
    public IReadOnlyList<string> WriteChanges(string repoRoot, DbFiles before)
    {
        var written = new List<string>();
        foreach (var file in ChangedSince(before))
        {
            var path = Path.Combine(repoRoot, RepoPath(file).Replace('/', Path.DirectorySeparatorChar));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Utf8.GetBytes(Files[file]));
            written.Add(RepoPath(file));
        }

        return written;
    }
}
