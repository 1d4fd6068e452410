namespace CnpgDrTemporal.Activities;

/// <summary>
/// A failure the operator can act on: its message is one line that names the thing at fault
/// (endpoint, bucket, file, value) and never a secret. The CLI prints it and exits with 2.
/// </summary>
public class DrException : Exception
{
    public DrException(string message)
        : base(message)
    {
    }

    public DrException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DrException()
    {
    }
}
