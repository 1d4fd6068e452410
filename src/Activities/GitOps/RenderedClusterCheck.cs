using CnpgDrTemporal.Activities.Text;
namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Checks the Cluster in rendered manifests: the stanza of the active overlay and the lineages it points at.</summary>
public static class RenderedClusterCheck
{
    public static void Check(string rendered, DatabaseLayout expected, string what)
    {
        var cluster = YamlTree.Parse(rendered, what).OfType<YamlMap>()
            .FirstOrDefault(d => d.Get("kind")?.Text == GitOpsNames.ClusterKind && d["metadata"]?["name"]?.Text == expected.ClusterName)
            ?? throw Fail(what, $"renders no Cluster {expected.ClusterName}");
        var spec = cluster["spec"];
        var write = spec?["backup"]?["barmanObjectStore"]?["serverName"]?.Text
            ?? (spec?["plugins"] as YamlList)?.FindBy("name", GitOpsNames.BarmanCloudPlugin)?["parameters"]?["serverName"]?.Text;
        if (write != expected.WriteLineage)
        {
            throw Fail(what, $"renders write lineage {write ?? "(none)"}, expected {expected.WriteLineage}");
        }

        var recovery = spec?["bootstrap"]?["recovery"];
        if (expected.Mode == DatabaseMode.Initdb)
        {
            if (recovery is not null || spec?["bootstrap"]?["initdb"] is null)
            {
                throw Fail(what, "does not render bootstrap.initdb alone");
            }

            return;
        }

        if (recovery is null)
        {
            throw Fail(what, "renders no bootstrap.recovery stanza");
        }

        var source = recovery["source"]?.Text;
        var external = source is null ? null : (spec?["externalClusters"] as YamlList)?.FindBy("name", source);
        var read = external?["barmanObjectStore"]?["serverName"]?.Text ?? external?["plugin"]?["parameters"]?["serverName"]?.Text;
        if (read != expected.Recovery.SourceLineage)
        {
            throw Fail(what, $"renders recovery source {source} -> {read ?? "(no serverName)"}, expected {expected.Recovery.SourceLineage}");
        }

        if (read == write)
        {
            throw Fail(what, $"renders the same lineage {read} for reading and writing");
        }

        if (string.IsNullOrEmpty(recovery["database"]?.Text))
        {
            throw Fail(what, "renders bootstrap.recovery without database (CNPG would restore into 'app')");
        }
    }

    private static GitOpsException Fail(string what, string why) =>
        new(GitOpsErrorTypes.RenderCheck, $"{what} {why}");
}
