namespace CnpgDrTemporal.Activities;

/// <summary>
/// A failure the operator can act on: its message is one line that names the thing at fault
/// (endpoint, bucket, file, value) and never a secret. The CLI prints it and exits with 2.
/// Temporal records the whole chain (message, stack trace, each inner exception as a cause), so
/// the message is scrubbed and the inner exception is replaced by a scrubbed copy
/// (<see cref="SecretScrubber.Sanitize"/>): no third-party exception text reaches a failure as is.
/// </summary>
public class DrException : Exception
{
    public DrException(string message)
        : base(SecretScrubber.Scrub(message))
    {
    }

    public DrException(string message, Exception innerException)
        : base(SecretScrubber.Scrub(message), SecretScrubber.Sanitize(innerException))
    {
    }

    public DrException()
    {
    }
}
