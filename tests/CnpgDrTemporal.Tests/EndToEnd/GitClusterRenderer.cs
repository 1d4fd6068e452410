using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Tests.GitOps;
using LibGit2Sharp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>
/// "Argo applies git": the Cluster a database directory renders to at one commit of the bare remote.
/// Renders with <c>kubectl kustomize</c> / <c>kustomize build</c> when on PATH (as Argo CD would),
/// otherwise merges base/cluster.yaml with the active overlay's bootstrap-patch.yaml by hand.
/// </summary>
public static class GitClusterRenderer
{
    public static JsonObject ClusterAt(string barePath, string sha, string dbDir, bool byHand = false)
    {
        var dir = GitOpsFixtures.NewTempDir("render");
        try
        {
            using (var repo = new Repository(barePath))
            {
                var commit = repo.Lookup<Commit>(sha) ?? throw new InvalidOperationException($"no commit {sha} in {barePath}");
                Extract(commit[dbDir]?.Target as Tree ?? throw new InvalidOperationException($"no {dbDir} at {sha}"), dir);
            }

            var docs = !byHand && CnpgDrTemporal.Activities.GitOps.KustomizeRenderer.FindTool() is { } tool ? Documents(Render(tool, dir)) : [MergeByHand(dir)];
            return docs.Single(d => d["kind"]?.GetValue<string>() == "Cluster");
        }
        finally
        {
            CnpgDrTemporal.Activities.Git.GitCheckout.DeleteDirectory(dir);
        }
    }

    private static void Extract(Tree tree, string to)
    {
        foreach (var entry in tree)
        {
            var path = Path.Combine(to, entry.Name);
            if (entry.Target is Tree sub)
            {
                Directory.CreateDirectory(path);
                Extract(sub, path);
            }
            else if (entry.Target is Blob blob)
            {
                File.WriteAllText(path, blob.GetContentText());
            }
        }
    }

    internal static string Render((string Path, string Verb) tool, string dir)
    {
        var start = new ProcessStartInfo(tool.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool.Verb);
        start.ArgumentList.Add(dir);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool.Path} {tool.Verb} {dir} did not finish in 30 s");
        }

        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"{tool.Path} {tool.Verb} failed: {stderr.Result}");
    }

    /// <summary>The fallback: base Cluster deep-merged with the patch of the overlay the root kustomization lists.</summary>
    private static JsonObject MergeByHand(string dir)
    {
        var root = Documents(File.ReadAllText(Path.Combine(dir, "kustomization.yaml"))).Single();
        var overlay = root["resources"]!.AsArray().Select(r => r!.GetValue<string>()).Single(r => r.StartsWith("overlays/", StringComparison.Ordinal));
        var cluster = Documents(File.ReadAllText(Path.Combine(dir, "base", "cluster.yaml"))).Single();
        Merge(cluster, Documents(File.ReadAllText(Path.Combine(dir, overlay, "bootstrap-patch.yaml"))).Single());
        if (root["namespace"] is { } ns)
        {
            cluster["metadata"]!["namespace"] = ns.DeepClone();
        }

        return cluster;
    }

    /// <summary>Maps merge key by key; anything else (lists included) is replaced, as a strategic merge does for these fields.</summary>
    private static void Merge(JsonObject into, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is JsonObject p && into[key] is JsonObject existing)
            {
                Merge(existing, p);
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }

    internal static List<JsonObject> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(m => (JsonObject)ToJson(m)!).ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
