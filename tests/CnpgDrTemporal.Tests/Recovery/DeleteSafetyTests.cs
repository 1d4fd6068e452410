using System.Text.Json.Nodes;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>The delete acts only on what the human approved, checked again at the moment of deletion.</summary>
public sealed class DeleteSafetyTests
{
    [Fact]
    public async Task The_delete_prompt_names_the_namespace_the_Cluster_uid_and_the_PVCs()
    {
        await using var r = await SimulatedRecovery.StartAsync();
        await r.ApproveAsync(S.Plan);

        var pending = await r.PendingAsync(S.Delete);
        var uid = Uid(r.Bed.Sim, new ObjectKey(ResourceType.Clusters, Ns, ClusterName));

        Assert.StartsWith($"delete Cluster {Ns}/{ClusterName} (uid {uid}) and PVCs {ClusterName}-1, then recover from", pending.Why, StringComparison.Ordinal);
        Assert.Equal(uid, r.Status().PendingApproval!.Why.Split("(uid ")[1].Split(')')[0]);
        r.Signal(i => i.Reject(new StopRequest("test over", "bob")));
        Assert.Equal(RecoveryOutcome.Rejected, (await r.ResultAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task A_Cluster_re_created_after_the_approval_is_not_deleted_and_a_new_approval_is_asked()
    {
        await using var r = await SimulatedRecovery.StartAsync();
        await r.ApproveAsync(S.Plan);
        var first = await r.PendingAsync(S.Delete);

        // Between the approval prompt and the delete, someone re-creates the Cluster: a new object, a new UID.
        var key = new ObjectKey(ResourceType.Clusters, Ns, ClusterName);
        var oldUid = Uid(r.Bed.Sim, key);
        r.Bed.Sim.Store.Delete(key);
        r.Bed.Sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v8");
        var newUid = Uid(r.Bed.Sim, key);
        Assert.NotEqual(oldUid, newUid);
        await r.ApproveAsync(S.Delete);

        var second = await WaitForNewDeleteApprovalAsync(r, first.PlanHash);
        Assert.Contains($"(uid {newUid})", second.Why, StringComparison.Ordinal);
        Assert.Equal(newUid, Uid(r.Bed.Sim, key));
        Assert.DoesNotContain(r.Bed.Sim.Server.Requests, q => q.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Contains(r.Status().Finished, f => f.Step == S.Delete && f.Result.Contains("re-created", StringComparison.Ordinal));

        // The human approves the new facts: now it goes on.
        await r.ApproveAsync(S.Delete);
        Assert.Equal(RecoveryOutcome.Recovered, (await r.ResultAsync(TimeSpan.FromSeconds(60))).Outcome);
    }

    [Fact]
    public async Task SelfHeal_turned_on_during_the_approval_window_blocks_the_delete()
    {
        await using var r = await SimulatedRecovery.StartAsync();
        await r.ApproveAsync(S.Plan);
        var first = await r.PendingAsync(S.Delete);

        r.Bed.Sim.Store.Update(new ObjectKey(ResourceType.Applications, "argocd", Db), app =>
        {
            ((JsonObject)app["spec"]!)["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject { ["selfHeal"] = true } };
            return app;
        });
        await r.ApproveAsync(S.Delete);

        await WaitForNewDeleteApprovalAsync(r, first.PlanHash, samePlanAllowed: true);
        Assert.Contains(r.Status().Finished, f => f.Step == S.Delete && f.Result.Contains("self", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(r.Bed.Sim.Server.Requests, q => q.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.NotNull(r.Bed.Sim.Store.Get(new ObjectKey(ResourceType.Clusters, Ns, ClusterName)));
        r.Signal(i => i.Abort(new StopRequest("selfHeal is on", "bob")));
        Assert.Equal(RecoveryOutcome.Aborted, (await r.ResultAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    private static string Uid(KubeSimulator sim, ObjectKey key) => sim.Store.Get(key)!["metadata"]!["uid"]!.GetValue<string>();

    /// <summary>Waits until the delete failed on the changed facts and its approval is pending again.</summary>
    private static async Task<PendingApproval> WaitForNewDeleteApprovalAsync(SimulatedRecovery r, string oldHash, bool samePlanAllowed = false)
    {
        await Support.WaitFor.TrueAsync(
            () => r.Run.IsCompleted || (r.Host.Waiting && r.Status().PendingApproval is { Step: S.Delete } p && (samePlanAllowed || p.PlanHash != oldHash) && r.Status().Finished.Any(f => f.Step == S.Delete)),
            "a new delete approval after the refused delete",
            TimeSpan.FromSeconds(30));
        return r.Run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended: {r.Describe()}") : r.Status().PendingApproval!;
    }
}
