using CnpgDrTemporal.Activities.Cnpg;
using Xunit;

namespace CnpgDrTemporal.Tests.Cnpg;

public sealed class RecoveryLogTests
{
    [Theory]
    [InlineData("""{"level":"info","logger":"postgres","msg":"record","record":{"error_severity":"LOG","message":"restored log file \"000000010000000000000007\" from archive"}}""", RecoveryLineKind.Restored, "000000010000000000000007")]
    [InlineData("""2026-11-25 03:11:33.001 UTC [3979] LOG:  restored log file "00000002000000000000000A" from archive""", RecoveryLineKind.Restored, "00000002000000000000000A")]
    [InlineData("""{"logger":"postgres","msg":"record","record":{"error_severity":"FATAL","message":"recovery ended before configured recovery target was reached"}}""", RecoveryLineKind.TargetUnreachable, null)]
    [InlineData("2026-11-25 03:11:34.998 UTC [3979] FATAL:  recovery ended before configured recovery target was reached", RecoveryLineKind.TargetUnreachable, null)]
    [InlineData("2026-11-25 03:11:36,647 [4044] ERROR: WAL archive check failed for server app-database-v1: Expected empty archive", RecoveryLineKind.ExpectedEmptyArchive, null)]
    [InlineData("""{"level":"error","msg":"while bootstrapping","error":"WAL archive check failed for server x: Expected empty archive"}""", RecoveryLineKind.ExpectedEmptyArchive, null)]
    [InlineData("""{"record":{"message":"consistent recovery state reached at 0/5000100"}}""", RecoveryLineKind.Consistent, null)]
    [InlineData("""{"level":"info","msg":"Starting up instance"}""", RecoveryLineKind.Other, null)]
    [InlineData("{not json", RecoveryLineKind.Other, null)]
    public void Parses_json_records_and_plain_lines(string raw, RecoveryLineKind kind, string? file)
    {
        var line = RecoveryLog.Parse(raw);

        Assert.Equal(kind, line.Kind);
        Assert.Equal(file, line.File);
    }

    [Fact]
    public void The_message_of_a_json_record_is_its_record_message_with_severity()
    {
        Assert.Equal("FATAL: boom", RecoveryLog.MessageOf("""{"msg":"record","record":{"error_severity":"FATAL","message":"boom"}}"""));
        Assert.Equal("while bootstrapping: bad", RecoveryLog.MessageOf("""{"msg":"while bootstrapping","error":"bad"}"""));
    }
}
