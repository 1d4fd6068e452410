using Xunit.Sdk;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>Waits on a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        T last;
        while (!done(last = await probe().ConfigureAwait(false)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new XunitException($"timed out after {timeout} waiting for {what}; last value: {last}");
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }

        return last;
    }
}
