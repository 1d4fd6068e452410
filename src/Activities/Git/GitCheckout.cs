using CnpgDrTemporal.Activities.GitOps;
using LibGit2Sharp;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>A fresh clone in its own folder under the work directory; disposing deletes it.</summary>
public sealed class GitCheckout(Repository repository, string path, string branch) : IDisposable
{
    public Repository Repository { get; } = repository;

    public string Path { get; } = path;

    /// <summary>The tracked branch this clone was made from (the local branch of the same name).</summary>
    public string Branch { get; } = branch;

    public Commit Head => Repository.Head.Tip;

    public DbFiles Load(GitOpsOptions options, string database) =>
        DbFiles.Load(Path, options.DatabaseDirectory(database), database);

    public void Dispose()
    {
        Repository.Dispose();
        DeleteDirectory(Path);
    }

    /// <summary>Best-effort recursive delete; git object files are read-only, which Windows refuses to delete.</summary>
    public static void DeleteDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover clone is harmless: every run clones into a new folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
