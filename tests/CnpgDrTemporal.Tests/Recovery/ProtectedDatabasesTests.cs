using CnpgDrTemporal.Activities.Recovery;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CnpgDrTemporal.Tests.Recovery;

public class ProtectedDatabasesTests
{
    [Fact]
    public void The_temporal_database_is_protected_by_default()
    {
        var refusal = ProtectedDatabases.RefusalFor("temporal", Config());

        Assert.NotNull(refusal);
        Assert.Contains("Dr:Temporal:ProtectedDatabases (temporal)", refusal, StringComparison.Ordinal);
        Assert.Null(ProtectedDatabases.RefusalFor("app", Config()));
    }

    [Fact]
    public void A_configured_list_replaces_the_default()
    {
        var config = Config(("Dr:Temporal:ProtectedDatabases:0", "keycloak"));

        Assert.NotNull(ProtectedDatabases.RefusalFor("keycloak", config));
        Assert.Null(ProtectedDatabases.RefusalFor("temporal", config));
    }

    [Fact]
    public void The_per_database_flag_wins_both_ways()
    {
        var config = Config(("Dr:Databases:temporal:Protected", "false"), ("Dr:Databases:gitea:Protected", "true"));

        Assert.Null(ProtectedDatabases.RefusalFor("temporal", config));
        Assert.Contains("Dr:Databases:gitea:Protected=true", ProtectedDatabases.RefusalFor("gitea", config), StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
