using System.Text.Json;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>validate &lt;db&gt;</c>: the SQL checks against the live database; also captures baselines.</summary>
public sealed class ValidateCommand(CliContext cli) : DrCommand<ValidateSettings>(cli)
{
    protected override async Task<int> RunAsync(ValidateSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var db = args.Db;
        var proof = services.GetRequiredService<DataProof>();
        if (args.SaveBaseline is { } target)
        {
            var baseline = await proof.CaptureBaselineAsync(db, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(target, Json.Serialize(baseline), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"baseline of {db}: systemid {baseline.SystemId}, timeline {baseline.Timeline}, {baseline.Tables.Count} tables -> {target}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var expectation = new ValidationExpectation(args.ExpectedSystemId, ParseInt(args.SourceTimeline), await ReadBaselineAsync(args.Baseline, cancellationToken).ConfigureAwait(false));
        var report = await proof.ValidateAsync(new ValidateRequest(db, expectation), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(args.Json ? Json.Serialize(report) + "\n" : ValidationTable.Render(report)).ConfigureAwait(false);
        return report.Passed ? ExitCodes.Ok : ExitCodes.CheckRefused;
    }

    public static async Task<Baseline?> ReadBaselineAsync(string? path, CancellationToken ct)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new DrException($"baseline file {path} does not exist");
        }

        try
        {
            return JsonSerializer.Deserialize<Baseline>(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), Json.Options)
                ?? throw new DrException($"baseline file {path} is empty");
        }
        catch (JsonException e)
        {
            throw new DrException($"baseline file {path} is not a baseline: {e.Message}", e);
        }
    }

    private static int? ParseInt(string? raw) =>
        raw is null ? null : int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"'{raw}' is not a number");
}

/// <summary>The options of <see cref="ValidateCommand"/>.</summary>
public sealed class ValidateSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--expected-systemid <ID>")]
    [Description("the system identifier the database must have")]
    public string? ExpectedSystemId { get; init; }

    [CommandOption("--source-timeline <N>")]
    [Description("the timeline must be above this one")]
    public string? SourceTimeline { get; init; }

    [CommandOption("--baseline <FILE>")]
    [Description("compare with a baseline saved by --save-baseline")]
    public string? Baseline { get; init; }

    [CommandOption("--save-baseline <FILE>")]
    [Description("capture a baseline into FILE instead of validating")]
    public string? SaveBaseline { get; init; }

    [CommandOption("--json")]
    [Description("the report as JSON")]
    public bool Json { get; init; }
}
