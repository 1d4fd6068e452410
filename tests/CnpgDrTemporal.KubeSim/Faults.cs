namespace CnpgDrTemporal.KubeSim;

/// <summary>What a matched request gets instead of an answer: an HTTP error with a Status body, or a reset connection.</summary>
public sealed record Fault(string Method, string PathContains, int Status, string Reason = "InternalError", int Times = 1, bool ResetConnection = false)
{
    public int Remaining { get; set; } = Times;
}

/// <summary>Scripted API failures (500s, 403s, resets) for the retry and permission paths.</summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<Fault> faults = [];

    /// <summary>Requests that were failed on purpose, as "METHOD path".</summary>
    public List<string> Fired { get; } = [];

    public void Add(Fault fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }
    }

    public Fault? Match(string method, string path)
    {
        lock (gate)
        {
            var f = faults.FirstOrDefault(f => f.Remaining > 0 && string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase) && path.Contains(f.PathContains, StringComparison.Ordinal));
            if (f is not null)
            {
                f.Remaining--;
                Fired.Add($"{method} {path}");
            }

            return f;
        }
    }
}
