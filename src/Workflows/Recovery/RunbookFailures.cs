using Temporalio.Exceptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>Reading and raising the failures the runbook decides on.</summary>
public static class RunbookFailures
{
    /// <summary>The application error type of <paramref name="e"/> or of what it wraps (activity failures wrap it).</summary>
    public static string? TypeOf(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ApplicationFailureException a)
            {
                return a.ErrorType;
            }
        }

        return null;
    }

    /// <summary>The innermost application message: activity failures only say "Activity task failed".</summary>
    public static string Message(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ApplicationFailureException a)
            {
                return a.Message;
            }
        }

        return e.Message;
    }

    /// <summary>The first detail of the application failure in <paramref name="e"/>, or default.</summary>
    public static T? DetailOf<T>(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ApplicationFailureException a)
            {
                return a.Details.Count > 0 ? a.Details.ElementAt<T>(0) : default;
            }
        }

        return default;
    }

    /// <summary>Fails the workflow (not the workflow task): retrying the same decision cannot help.</summary>
    public static ApplicationFailureException NonRetryable(string errorType, string message) =>
        new(message, errorType: errorType, nonRetryable: true);
}
