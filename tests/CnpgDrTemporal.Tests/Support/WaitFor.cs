using System.Diagnostics;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>Waits on a condition instead of sleeping (cluster tests): re-checks often and fails with what it waited for.</summary>
public static class WaitFor
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#}s waiting for {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Awaits a task that must finish within the timeout (a stuck test fails instead of hanging).</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what} did not finish in time", e);
        }
    }
}
