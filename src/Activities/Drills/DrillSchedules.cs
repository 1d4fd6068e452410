namespace CnpgDrTemporal.Activities.Drills;

/// <summary><c>Dr:Drills:&lt;db&gt;</c>: one scheduled drill per database.</summary>
public sealed class DrillScheduleOptions
{
    public const string Section = "Dr:Drills";

    /// <summary>Quarterly: 03:00 on the 1st of January, April, July and October.</summary>
    public const string QuarterlyCron = "0 3 1 1,4,7,10 *";

    public DrillMode Mode { get; set; } = DrillMode.Local;

    public string Cron { get; set; } = QuarterlyCron;

    public string TimeZone { get; set; } = "UTC";

    public string? Lineage { get; set; }

    public static string ScheduleId(string database) => $"cnpg-dr-drill-{database}";
}
