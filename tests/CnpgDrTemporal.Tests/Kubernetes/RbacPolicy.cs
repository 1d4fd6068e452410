using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Tests.Kubernetes;

/// <summary>
/// One API request as the RBAC authorizer sees it: verb (from the HTTP method and query), API group,
/// resource (with its subresource, <c>pods/log</c>), namespace (null: cluster-scoped) and object name
/// (for list/watch the <c>metadata.name</c> field selector, as the API server resolves it).
/// </summary>
public sealed record RbacRequest(string Verb, string Group, string Resource, string? Namespace, string? Name, string Raw)
{
    /// <summary>Parses a request as the simulator records it: <c>METHOD /path?query</c>.</summary>
    public static RbacRequest Parse(string recorded)
    {
        var space = recorded.IndexOf(' ', StringComparison.Ordinal);
        var method = recorded[..space];
        var target = recorded[(space + 1)..];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? target : target[..q];
        var query = Query(q < 0 ? string.Empty : target[(q + 1)..]);
        var s = path.Trim('/').Split('/');
        (string? Group, string[] Segments) head = s switch
        {
            ["api", _, .. var r] => (string.Empty, r),
            ["apis", var g, _, .. var r] => (g, r),
            _ => (null, []),
        };
        var (group, rest) = head;
        if (group is null)
        {
            // A non-resource URL (/version, discovery): no Role can grant it.
            return new RbacRequest(method.ToLowerInvariant(), string.Empty, path, null, null, recorded);
        }

        (string? Ns, string Resource, string? Name) parts = rest switch
        {
            ["namespaces", var n, var res] => (n, res, null),
            ["namespaces", var n, var res, var o] => (n, res, o),
            ["namespaces", var n, var res, var o, var sub] => (n, $"{res}/{sub}", o),
            [var res] => (null, res, null),
            [var res, var o] => (null, res, o),
            [var res, var o, var sub] => (null, $"{res}/{sub}", o),
            _ => (null, string.Join('/', rest), null),
        };
        var (ns, resource, name) = parts;
        var verb = method switch
        {
            "GET" or "HEAD" when name is null && query.GetValueOrDefault("watch") is "true" or "1" => "watch",
            "GET" or "HEAD" when name is null => "list",
            "GET" or "HEAD" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        if (name is null && verb is "list" or "watch" && query.GetValueOrDefault("fieldSelector") is { } fields)
        {
            name = fields.Split(',').Select(f => f.Split("=", 2)).Where(kv => kv.Length == 2 && kv[0] == "metadata.name").Select(kv => kv[1].TrimStart('=')).FirstOrDefault();
        }

        return new RbacRequest(verb, group, resource, ns, name, recorded);
    }

    /// <summary>What kubectl auth can-i would be asked: <c>watch pods in ns</c>.</summary>
    public string Describe(string? ns) =>
        $"{Verb} {(Group.Length == 0 ? Resource : $"{Resource}.{Group}")}{(Name is null ? string.Empty : $" named {Name}")} {(ns is null ? "cluster-wide" : $"in {ns}")}";

    private static Dictionary<string, string> Query(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(kv => Uri.UnescapeDataString(kv[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.First().ElementAtOrDefault(1) ?? string.Empty), StringComparer.Ordinal);
}

/// <summary>
/// One verb on one resource granted in one namespace (null: cluster-wide) by a rule of a Role or
/// ClusterRole that a binding gives the subject; <see cref="ResourceName"/> null = any object.
/// </summary>
public sealed record RbacGrant(string Role, string? Namespace, string Group, string Resource, string Verb, string? ResourceName)
{
    public bool Allows(RbacRequest r, string? ns) =>
        (Namespace is null || Namespace == ns) &&
        (Group == "*" || Group == r.Group) &&
        (Resource == "*" || Resource == r.Resource) &&
        (Verb == "*" || Verb == r.Verb) &&
        (ResourceName is null || ResourceName == r.Name);

    public override string ToString() =>
        $"{Role} {(Namespace is null ? "cluster-wide" : $"in {Namespace}")}: {Verb} {(Group.Length == 0 ? Resource : $"{Resource}.{Group}")}{(ResourceName is null ? string.Empty : $" named {ResourceName}")}";
}

/// <summary>
/// The grants of an RBAC manifest (Roles, ClusterRoles, RoleBindings, ClusterRoleBindings) to one
/// ServiceAccount, evaluated like the API server's RBAC authorizer: a rule grants nothing until a
/// binding in a namespace (or a ClusterRoleBinding) gives it to the subject.
/// </summary>
public sealed class RbacPolicy
{
    private RbacPolicy(IReadOnlyList<RbacGrant> grants, IReadOnlyList<string> problems)
    {
        Grants = grants;
        Problems = problems;
    }

    public IReadOnlyList<RbacGrant> Grants { get; }

    /// <summary>What makes the manifest wrong regardless of the requests: unbound roles, a missing ServiceAccount, wildcards.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static RbacPolicy Parse(string yaml, string serviceAccountNamespace, string serviceAccount)
    {
        var docs = new YamlStream();
        docs.Load(new StringReader(yaml));
        var objects = docs.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
        var problems = new List<string>();
        var roles = new Dictionary<(string Kind, string? Namespace, string Name), List<YamlMappingNode>>();
        foreach (var o in objects.Where(o => Str(o, "kind") is "Role" or "ClusterRole"))
        {
            var kind = Str(o, "kind")!;
            roles[(kind, kind == "Role" ? Str(o, "metadata", "namespace") : null, Str(o, "metadata", "name")!)] = Seq(o, "rules").OfType<YamlMappingNode>().ToList();
        }

        if (!objects.Any(o => Str(o, "kind") == "ServiceAccount" && Str(o, "metadata", "name") == serviceAccount && Str(o, "metadata", "namespace") == serviceAccountNamespace))
        {
            problems.Add($"no ServiceAccount {serviceAccountNamespace}/{serviceAccount}");
        }

        var grants = new List<RbacGrant>();
        var bound = new HashSet<(string, string?, string)>();
        foreach (var b in objects.Where(o => Str(o, "kind") is "RoleBinding" or "ClusterRoleBinding"))
        {
            var where = $"{Str(b, "kind")} {Str(b, "metadata", "namespace")}/{Str(b, "metadata", "name")}";
            var ns = Str(b, "kind") == "RoleBinding" ? Str(b, "metadata", "namespace") : null;
            var ours = Seq(b, "subjects").OfType<YamlMappingNode>().Any(s =>
                Str(s, "kind") == "ServiceAccount" && Str(s, "name") == serviceAccount && Str(s, "namespace") == serviceAccountNamespace);
            var refKind = Str(b, "roleRef", "kind") ?? string.Empty;
            var key = (refKind, refKind == "Role" ? ns : null, Str(b, "roleRef", "name") ?? string.Empty);
            if (!ours)
            {
                problems.Add($"{where} does not bind ServiceAccount {serviceAccountNamespace}/{serviceAccount}");
                continue;
            }

            if (!roles.TryGetValue(key, out var rules))
            {
                problems.Add($"{where} refers to {refKind} {key.Item3}, which is not in the manifest{(refKind == "Role" ? $" in namespace {ns}" : string.Empty)}");
                continue;
            }

            bound.Add(key);
            foreach (var rule in rules)
            {
                if (Seq(rule, "nonResourceURLs").Any())
                {
                    problems.Add($"{refKind} {key.Item3}: nonResourceURLs are granted, the code requests none");
                }

                var names = Seq(rule, "resourceNames").Select(Scalar).ToList();
                foreach (var group in Seq(rule, "apiGroups").Select(Scalar))
                {
                    foreach (var resource in Seq(rule, "resources").Select(Scalar))
                    {
                        foreach (var verb in Seq(rule, "verbs").Select(Scalar))
                        {
                            if (group == "*" || resource == "*" || verb == "*")
                            {
                                problems.Add($"{refKind} {key.Item3}: wildcard in apiGroups/resources/verbs ({group}/{resource}/{verb}) grants more than the code uses");
                            }

                            grants.AddRange(names.Count == 0
                                ? [new RbacGrant($"{refKind} {key.Item3}", ns, group, resource, verb, null)]
                                : names.Select(n => new RbacGrant($"{refKind} {key.Item3}", ns, group, resource, verb, n)));
                        }
                    }
                }
            }
        }

        problems.AddRange(roles.Keys.Where(k => !bound.Contains(k)).Select(k => $"{k.Kind} {k.Namespace}/{k.Name} is bound to the ServiceAccount by no binding: its rules grant nothing"));
        return new RbacPolicy(grants, problems);
    }

    public static RbacPolicy Load(string path, string serviceAccountNamespace, string serviceAccount) =>
        Parse(File.ReadAllText(path), serviceAccountNamespace, serviceAccount);

    private static string Scalar(YamlNode n) => ((YamlScalarNode)n).Value ?? string.Empty;

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Str(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Seq(YamlNode node, params string[] path) => At(node, path) is YamlSequenceNode s ? s.Children : [];
}

/// <summary>
/// The requests of a test run checked against a policy, the test's namespaces and object names
/// translated to the manifest's placeholders by explicit tables.
/// </summary>
public sealed class RbacCheck(RbacPolicy policy, IReadOnlyDictionary<string, string> namespaces, IReadOnlyDictionary<string, string> names)
{
    /// <summary>The request as it would reach the cluster the manifest is written for; null namespace = unmapped.</summary>
    public (RbacRequest Request, string? Namespace, string? Problem) Translate(RbacRequest r)
    {
        var mapped = r with { Name = r.Name is { } n && names.TryGetValue(n, out var placeholder) ? placeholder : r.Name };
        if (r.Namespace is null)
        {
            return (mapped, null, null);
        }

        return namespaces.TryGetValue(r.Namespace, out var ns)
            ? (mapped, ns, null)
            : (mapped, null, $"namespace {r.Namespace} of the test is not mapped to a namespace of rbac.yaml");
    }

    /// <summary>(a) Every request is allowed by a grant: one line per distinct denied request, with an example.</summary>
    public IReadOnlyList<string> Denied(IEnumerable<RbacRequest> requests) =>
        requests
            .Select(r => (Raw: r, T: Translate(r)))
            .Where(x => x.T.Problem is not null || !policy.Grants.Any(g => g.Allows(x.T.Request, x.T.Namespace)))
            .GroupBy(x => x.T.Problem ?? x.T.Request.Describe(x.T.Namespace), StringComparer.Ordinal)
            .Select(g => $"not granted by rbac.yaml: {g.Key} ({g.Count()} request(s), e.g. {g.First().Raw.Raw})")
            .ToList();

    /// <summary>(b) Every grant is used by at least one request.</summary>
    public IReadOnlyList<string> Unused(IEnumerable<RbacRequest> requests)
    {
        var translated = requests.Select(Translate).Where(t => t.Problem is null).ToList();
        return policy.Grants
            .Where(g => !translated.Any(t => g.Allows(t.Request, t.Namespace)))
            .Select(g => $"unused grant in rbac.yaml (no request of the code paths needs it): {g}")
            .ToList();
    }
}
