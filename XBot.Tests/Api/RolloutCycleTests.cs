using System.Text.Json.Nodes;
using XBot.Core.Operations;
using XBot.Core.Scheduling;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary>A partial rollout of the posting flag decides per pick from the row's id; it no longer collapses to "on".</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RolloutCycleTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_pick_outside_the_posting_rollout_is_skipped_and_says_its_bucket()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("Rollouts are experiments with an undo button.");
        var row = (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!;
        var bucket = Rollout.Bucket("posting", row.TweetId);
        // Just below the row's bucket: this decision is out, reproducibly.
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse($$"""{"posting": {{Math.Max(1, bucket)}}}"""), "test");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        if (bucket == 0)
        {
            Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
            return;
        }
        Assert.Equal(CycleOutcome.Skipped, decision.Outcome);
        Assert.Contains($"rollout left this pick out (bucket {bucket})", decision.Reason);
    }

    [Fact]
    public async Task A_pick_inside_the_posting_rollout_posts()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("Rollouts are experiments with an undo button.");
        var row = (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!;
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse($$"""{"posting": {{Rollout.Bucket("posting", row.TweetId) + 1}}}"""), "test");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
    }
}
