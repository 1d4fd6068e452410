namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// A GitOps failure that retrying cannot fix (bad layout, stale plan, upstream conflict, auth).
/// <see cref="ErrorType"/> is one of <see cref="GitOpsErrorTypes"/>; the message never holds a secret.
/// </summary>
public sealed class GitOpsException : DrException
{
    public GitOpsException(string errorType, string message)
        : base(message) => ErrorType = errorType;

    public GitOpsException(string errorType, string message, Exception innerException)
        : base(message, innerException) => ErrorType = errorType;

    public GitOpsException()
    {
        ErrorType = GitOpsErrorTypes.BadInput;
    }

    public GitOpsException(string message)
        : this(GitOpsErrorTypes.BadInput, message)
    {
    }

    public GitOpsException(string message, Exception innerException)
        : this(GitOpsErrorTypes.BadInput, message, innerException)
    {
    }

    public string ErrorType { get; }

    public static GitOpsException BadInput(string message) => new(GitOpsErrorTypes.BadInput, message);
}
