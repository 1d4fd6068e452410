namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// <c>Dr:Git</c>: the GitOps repository the DR switch is committed to. The token is never
/// configured here: <see cref="TokenEnvVar"/> names an environment variable and
/// <see cref="TokenFile"/> a mounted file that hold it.
/// </summary>
public sealed class GitOpsOptions
{
    public const string Section = "Dr:Git";

    public string? RepoUrl { get; set; }

    /// <summary>The branch ArgoCD tracks.</summary>
    public string Branch { get; set; } = "main";

    /// <summary>Folder above the per-database directories, relative to the repository root.</summary>
    public string DatabasesPath { get; set; } = "infrastructure/database/cloudnative-pg";

    public string AuthorName { get; set; } = "cnpg-dr";

    public string AuthorEmail { get; set; } = "cnpg-dr@localhost";

    /// <summary>Name of the environment variable that holds the HTTPS token.</summary>
    public string? TokenEnvVar { get; set; }

    /// <summary>Path of a file (e.g. a mounted Secret) that holds the HTTPS token; used when <see cref="TokenEnvVar"/> is unset.</summary>
    public string? TokenFile { get; set; }

    /// <summary>User name sent with the token (GitHub accepts any; GitLab wants <c>oauth2</c>).</summary>
    public string TokenUsername { get; set; } = "x-access-token";

    /// <summary>Fresh clones go under this folder and are deleted afterwards.</summary>
    public string WorkDir { get; set; } = Path.Combine(Path.GetTempPath(), "cnpg-dr-git");

    /// <summary>Render the edited directory with <c>kubectl kustomize</c> / <c>kustomize build</c> when one is on PATH.</summary>
    public bool RenderCheck { get; set; } = true;

    /// <summary>Deadline of one render.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a push is re-applied after the remote branch moved underneath it.</summary>
    public int PushAttempts { get; set; } = 3;

    /// <summary>Repository-relative directory of one database, with forward slashes.</summary>
    public string DatabaseDirectory(string database) =>
        DatabasesPath.Trim('/').Length == 0 ? database : $"{DatabasesPath.Trim('/')}/{database}";
}
