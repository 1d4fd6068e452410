using System.Text.Json;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>validate &lt;db&gt;</c>: the SQL checks against the live database; also captures baselines.</summary>
public sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Usage => "validate <db> [--expected-systemid <id>] [--source-timeline <n>] [--baseline <file.json>] [--save-baseline <file.json>] [--json]";

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = args.Require(0, "<db>");
        var proof = services.GetRequiredService<DataProof>();
        if (args.Get("save-baseline") is { } target)
        {
            var baseline = await proof.CaptureBaselineAsync(db, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(target, Json.Serialize(baseline), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"baseline of {db}: systemid {baseline.SystemId}, timeline {baseline.Timeline}, {baseline.Tables.Count} tables -> {target}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var expectation = new ValidationExpectation(args.Get("expected-systemid"), ParseInt(args.Get("source-timeline")), await ReadBaselineAsync(args.Get("baseline"), cancellationToken).ConfigureAwait(false));
        var report = await proof.ValidateAsync(new ValidateRequest(db, expectation), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(args.Has("json") ? Json.Serialize(report) + "\n" : ValidationTable.Render(report)).ConfigureAwait(false);
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
