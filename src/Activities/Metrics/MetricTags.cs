namespace CnpgDrTemporal.Activities.Metrics;

/// <summary>The tag set of one series: its database, and labels from bounded sets only.</summary>
public static class MetricTags
{
    public static Dictionary<string, object> Of(string database, params (string Key, string Value)[] labels)
    {
        var tags = new Dictionary<string, object>(StringComparer.Ordinal) { [MetricNames.Labels.Database] = database };
        foreach (var (k, v) in labels)
        {
            tags[k] = v;
        }

        return tags;
    }
}
