using System.Text.Json;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>A completed step occurrence: its result or its failure.</summary>
public sealed record JournalEntry(
    string Key,
    string Step,
    int Round,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Summary,
    JsonElement? Result,
    string? FailureType = null,
    string? FailureMessage = null)
{
    public StepRecord ToRecord() => new(Step, Round, StartedAt, EndedAt, Summary);

    /// <summary>The recorded result; a recorded failure is thrown again, as Temporal replays a failed activity.</summary>
    public T Value<T>()
    {
        if (FailureType is not null || FailureMessage is not null)
        {
            throw new ApplicationFailureException(FailureMessage ?? Key, errorType: FailureType, nonRetryable: true);
        }

        return Result is { } r ? r.Deserialize<T>(DrDataConverter.JsonOptions)! : default!;
    }
}

/// <summary>
/// Every completed step and decision of a run, keyed by step and occurrence (<c>delete#2</c>).
/// A runbook started over a recorded journal takes results from it instead of running the step
/// again, the way Temporal replays activity results from history: a completed destructive step
/// is never repeated.
/// </summary>
public sealed class RecoveryJournal
{
    private readonly List<JournalEntry> entries;
    private readonly Dictionary<string, JournalEntry> byKey;

    public RecoveryJournal(IEnumerable<JournalEntry>? recorded = null)
    {
        entries = recorded?.ToList() ?? [];
        byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<JournalEntry> Entries => entries;

    public static RecoveryJournal FromJson(string json) =>
        new(JsonSerializer.Deserialize<List<JournalEntry>>(json, DrDataConverter.JsonOptions));

    public string ToJson() => JsonSerializer.Serialize(entries, DrDataConverter.JsonOptions);

    /// <summary>The recorded entry of <paramref name="key"/>, if this occurrence already completed.</summary>
    internal bool TryGet(string key, out JournalEntry entry) => byKey.TryGetValue(key, out entry!);

    internal JournalEntry Record<T>(string key, string step, int round, DateTimeOffset started, DateTimeOffset ended, string summary, T value) =>
        Add(new JournalEntry(key, step, round, started, ended, summary, JsonSerializer.SerializeToElement(value, DrDataConverter.JsonOptions)));

    internal JournalEntry RecordFailure(string key, string step, int round, DateTimeOffset started, DateTimeOffset ended, Exception failure)
    {
        var message = RunbookFailures.Message(failure);
        return Add(new JournalEntry(key, step, round, started, ended, $"failed: {message}", null, RunbookFailures.TypeOf(failure) ?? failure.GetType().Name, message));
    }

    private JournalEntry Add(JournalEntry entry)
    {
        entries.Add(entry);
        byKey[entry.Key] = entry;
        return entry;
    }
}
