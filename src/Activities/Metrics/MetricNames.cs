namespace CnpgDrTemporal.Activities.Metrics;

/// <summary>
/// Every metric the worker exports beside the SDK's own <c>temporal_*</c> ones: one prefix, labels from
/// bounded sets only. The dashboard and the alert rules are tested against <see cref="All"/>.
/// Times are Unix timestamps, so an age is <c>time() - metric</c>, exact at every scrape.
/// </summary>
public static class MetricNames
{
    public const string Prefix = "cnpg_dr_";

    // Catalog (S3) of each database of the GitOps repo, read every Dr:Metrics:CatalogInterval.
    public const string BaseBackupLast = Prefix + "base_backup_last_timestamp_seconds";
    public const string WalArchivedLast = Prefix + "wal_archived_last_timestamp_seconds";
    public const string RecoveryWindowStart = Prefix + "recovery_window_start_timestamp_seconds";
    public const string RecoveryWindowEnd = Prefix + "recovery_window_end_timestamp_seconds";
    public const string WriteLineage = Prefix + "write_lineage";
    public const string Lineages = Prefix + "lineages";
    public const string LineageVerdicts = Prefix + "lineage_verdicts";
    public const string CatalogRead = Prefix + "catalog_read_timestamp_seconds";
    public const string CatalogReadSuccess = Prefix + "catalog_read_success";

    // The last drill of each database, from Temporal.
    public const string DrillLast = Prefix + "drill_last_timestamp_seconds";
    public const string DrillLastSuccess = Prefix + "drill_last_success";
    public const string DrillRestoreDuration = Prefix + "drill_restore_duration_seconds";
    public const string DrillRpo = Prefix + "drill_rpo_seconds";
    public const string DrillWalSegmentsReplayed = Prefix + "drill_wal_segments_replayed";
    public const string DrillWalReplayRate = Prefix + "drill_wal_replay_segments_per_second";
    public const string DrillProjectedRestore = Prefix + "drill_projected_restore_seconds";

    // The recovery runbook, from the workflow (replay-safe meter).
    public const string RecoveryState = Prefix + "recovery_state";
    public const string ApprovalPendingSince = Prefix + "recovery_approval_pending_since_timestamp_seconds";
    public const string StepDuration = Prefix + "recovery_step_duration_seconds";
    public const string WalFilesRestored = Prefix + "recovery_wal_files_restored";

    public static readonly IReadOnlyList<string> All =
    [
        BaseBackupLast, WalArchivedLast, RecoveryWindowStart, RecoveryWindowEnd, WriteLineage, Lineages, LineageVerdicts, CatalogRead, CatalogReadSuccess,
        DrillLast, DrillLastSuccess, DrillRestoreDuration, DrillRpo, DrillWalSegmentsReplayed, DrillWalReplayRate, DrillProjectedRestore,
        RecoveryState, ApprovalPendingSince, StepDuration, WalFilesRestored,
    ];

    /// <summary>Histogram buckets of <see cref="StepDuration"/>: a step takes seconds (a refresh) to hours (a WAL replay).</summary>
    public static readonly IReadOnlyList<double> StepDurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

    /// <summary>Label names; their values come from the GitOps repo's databases and fixed code lists.</summary>
    public static class Labels
    {
        public const string Database = "database";
        public const string Lineage = "lineage";
        public const string Step = "step";
        public const string State = "state";
        public const string Verdict = "verdict";
        public const string Outcome = "outcome";
    }
}
