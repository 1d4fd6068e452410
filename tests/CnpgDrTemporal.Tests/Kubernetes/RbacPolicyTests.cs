namespace CnpgDrTemporal.Tests.Kubernetes;

/// <summary>
/// The RBAC check of <see cref="RbacCoverageTests"/> can fail: it maps HTTP requests to RBAC verbs and
/// resources like the API server, denies what deploy/base/rbac.yaml does not grant, and names unused grants.
/// </summary>
public sealed class RbacPolicyTests
{
    private static readonly RbacPolicy Deployed = RbacPolicy.Load(RbacCoverageTests.RbacYaml, RbacCoverageTests.ServiceAccountNamespace, RbacCoverageTests.ServiceAccount);

    private static RbacCheck Check(RbacPolicy policy) => new(policy, RbacCoverageTests.Namespaces, RbacCoverageTests.Names);

    [Theory]
    [InlineData("GET /api/v1/namespaces/db/pods?labelSelector=a%3Db&watch=true", "watch", "", "pods", "db", null)]
    [InlineData("GET /api/v1/namespaces/db/pods?labelSelector=a%3Db", "list", "", "pods", "db", null)]
    [InlineData("GET /api/v1/namespaces/db/pods/p1", "get", "", "pods", "db", "p1")]
    [InlineData("GET /api/v1/namespaces/db/pods/p1/log?follow=true", "get", "", "pods/log", "db", "p1")]
    [InlineData("POST /apis/postgresql.cnpg.io/v1/namespaces/db/backups", "create", "postgresql.cnpg.io", "backups", "db", null)]
    [InlineData("PATCH /apis/apps/v1/namespaces/web/deployments/d", "patch", "apps", "deployments", "web", "d")]
    [InlineData("DELETE /apis/postgresql.cnpg.io/v1/namespaces/db/clusters/c", "delete", "postgresql.cnpg.io", "clusters", "db", "c")]
    [InlineData("DELETE /api/v1/namespaces/db/persistentvolumeclaims?labelSelector=x", "deletecollection", "", "persistentvolumeclaims", "db", null)]
    [InlineData("GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications?fieldSelector=metadata.name%3Dpaperless&watch=true", "watch", "argoproj.io", "applications", "argocd", "paperless")]
    [InlineData("GET /api/v1/nodes", "list", "", "nodes", null, null)]
    public void Maps_a_recorded_request_to_what_RBAC_authorizes(string recorded, string verb, string group, string resource, string? ns, string? name)
    {
        var r = RbacRequest.Parse(recorded);

        Assert.Equal((verb, group, resource, ns, name), (r.Verb, r.Group, r.Resource, r.Namespace, r.Name));
    }

    [Theory]
    [InlineData("POST /apis/postgresql.cnpg.io/v1/namespaces/cloudnative-pg/clusters", "create clusters.postgresql.cnpg.io in database-namespace")]
    [InlineData("GET /api/v1/namespaces/cloudnative-pg/secrets/paperless-database-superuser", "get secrets named paperless-database-superuser in database-namespace")]
    [InlineData("GET /api/v1/namespaces/cloudnative-pg/secrets", "list secrets in database-namespace")]
    [InlineData("GET /apis/apps/v1/namespaces/paperless/deployments/paperless-web", "get deployments.apps named paperless-web in consumer-namespace")]
    [InlineData("GET /api/v1/namespaces/paperless/pods?watch=true", "watch pods in consumer-namespace")]
    [InlineData("PATCH /api/v1/namespaces/cnpg-drills/persistentvolumeclaims/x", "patch persistentvolumeclaims named x in cnpg-drills")]
    [InlineData("DELETE /api/v1/namespaces/cloudnative-pg/persistentvolumeclaims?labelSelector=x", "deletecollection persistentvolumeclaims in database-namespace")]
    [InlineData("GET /api/v1/persistentvolumes", "list persistentvolumes cluster-wide")]
    [InlineData("GET /api/v1/namespaces/elsewhere/pods", "namespace elsewhere of the test is not mapped")]
    public void Denies_what_rbac_yaml_does_not_grant(string recorded, string named)
    {
        var denied = Check(Deployed).Denied([RbacRequest.Parse(recorded)]);

        Assert.Contains(named, Assert.Single(denied), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /api/v1/namespaces/cloudnative-pg/secrets/paperless-database-app")]
    [InlineData("GET /api/v1/namespaces/cnpg-drills/secrets/app-drill-20260101-app")]
    [InlineData("GET /api/v1/namespaces/cloudnative-pg/pods/p-1/log?follow=true")]
    [InlineData("POST /apis/postgresql.cnpg.io/v1/namespaces/cnpg-drills/clusters")]
    [InlineData("GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applicationsets/databases")]
    public void Allows_what_rbac_yaml_grants(string recorded) =>
        Assert.Empty(Check(Deployed).Denied([RbacRequest.Parse(recorded)]));

    [Fact]
    public void A_verb_taken_away_denies_the_request_that_needs_it_and_an_extra_verb_is_named_unused()
    {
        const string Yaml = """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: cnpg-dr, namespace: cnpg-dr}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pods, namespace: database-namespace}
            rules:
              - apiGroups: [""]
                resources: ["pods"]
                verbs: [VERBS]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: pods, namespace: database-namespace}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods}
            subjects: [{kind: ServiceAccount, name: cnpg-dr, namespace: cnpg-dr}]
            """;
        RbacRequest[] requests = [RbacRequest.Parse("GET /api/v1/namespaces/cloudnative-pg/pods"), RbacRequest.Parse("GET /api/v1/namespaces/cloudnative-pg/pods?watch=true")];
        RbacCheck With(string verbs) => Check(RbacPolicy.Parse(Yaml.Replace("VERBS", verbs, StringComparison.Ordinal), "cnpg-dr", "cnpg-dr"));

        Assert.Empty(With("list, watch").Denied(requests));
        Assert.Empty(With("list, watch").Unused(requests));
        Assert.Contains("watch pods in database-namespace", Assert.Single(With("list").Denied(requests)), StringComparison.Ordinal);
        Assert.Contains("Role pods in database-namespace: delete pods", Assert.Single(With("list, watch, delete").Unused(requests)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_bound_to_nobody_or_another_subject_grants_nothing()
    {
        const string Yaml = """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: cnpg-dr, namespace: cnpg-dr}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pods, namespace: database-namespace}
            rules: [{apiGroups: [""], resources: ["pods"], verbs: ["list"]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: pods, namespace: database-namespace}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods}
            subjects: [{kind: ServiceAccount, name: someone-else, namespace: cnpg-dr}]
            """;
        var policy = RbacPolicy.Parse(Yaml, "cnpg-dr", "cnpg-dr");

        Assert.Empty(policy.Grants);
        Assert.Contains(policy.Problems, p => p.Contains("Role database-namespace/pods is bound to the ServiceAccount by no binding", StringComparison.Ordinal));
        Assert.Single(Check(policy).Denied([RbacRequest.Parse("GET /api/v1/namespaces/cloudnative-pg/pods")]));
    }

    [Fact]
    public void Rbac_yaml_is_well_formed_least_privilege()
    {
        Assert.Empty(Deployed.Problems);
        Assert.NotEmpty(Deployed.Grants);
        Assert.All(Deployed.Grants, g => Assert.NotNull(g.Namespace)); // nothing cluster-wide
    }
}
