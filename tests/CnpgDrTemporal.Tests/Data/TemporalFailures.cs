using System.Text;
using CnpgDrTemporal.Workflows;
using Google.Protobuf;
using Temporalio.Api.Failure.V1;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>What Temporal would record for an exception thrown by an activity, as the worker converts it.</summary>
public static class TemporalFailures
{
    /// <summary>The failure proto the worker's data converter builds: message, stack trace, each inner exception as a cause.</summary>
    public static Failure Convert(Exception exception) =>
        DrDataConverter.Instance.FailureConverter.ToFailure(exception, DrDataConverter.Instance.PayloadConverter);

    /// <summary>The failure and its causes, outermost first.</summary>
    public static IReadOnlyList<Failure> Chain(Failure failure)
    {
        var chain = new List<Failure>();
        for (var f = failure; f is not null; f = f.Cause)
        {
            chain.Add(f);
        }

        return chain;
    }

    /// <summary>
    /// Every text the failure carries: its JSON (messages, stack traces, types, causes) and its wire
    /// bytes read as UTF-8, where strings appear unescaped.
    /// </summary>
    public static string Text(Failure failure) =>
        JsonFormatter.Default.Format(failure) + "\n" + Encoding.UTF8.GetString(failure.ToByteArray());

    /// <summary>Asserts that <paramref name="secret"/> is in neither the converted failure nor the exception chain's text.</summary>
    public static void AssertNoSecret(Exception exception, string secret)
    {
        var failure = Convert(exception);
        Assert.DoesNotContain(secret, Text(failure), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, exception.ToString(), StringComparison.Ordinal);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, e.StackTrace ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>Asserts that every cause is ours or a scrubbed copy: no third-party exception reaches Temporal as is.</summary>
    public static void AssertOnlyScrubbedCauses(Exception exception)
    {
        string[] ours = [nameof(CnpgDrTemporal.Activities.ScrubbedException), nameof(CnpgDrTemporal.Activities.DrException)];
        foreach (var cause in Chain(Convert(exception)).Skip(1))
        {
            Assert.Contains(cause.ApplicationFailureInfo?.Type, ours);
        }
    }
}
