using System.Text.Json.Nodes;
using XBot.Core.Scheduling;
using XBot.Core.Text;
using XBot.Core.Posting.Lifecycle;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Learning;

/// <summary>learning_engine_v2 and shadow testing in the scheduling cycle: who decides, and what the decision records.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BanditSchedulingTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task With_learning_engine_v2_on_the_bandit_picks_the_winning_topic_and_explains_the_score()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await SeedArmsAsync(scope);
        await worker.Store.SetConfigAsync("learning_engine_v2", JsonValue.Create(true), "test");
        await worker.Store.SetConfigAsync("epsilon", JsonValue.Create(0), "test");
        // The heuristic prefers the loser (higher priority); the bandit knows better.
        await EnqueueAsync(worker, "Losing topic post with a high priority score.", "loser", 9);
        var winner = await EnqueueAsync(worker, "Winning topic post with a low priority score.", "winner", 1);

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal((CycleOutcome.Shadowed, "bandit", winner), (decision.Outcome, decision.Engine, decision.TweetRow));
        Assert.Null(decision.Comparison);
        var picked = decision.Scores!.Single(s => s.Id == winner).Bandit!;
        Assert.Equal(3, picked.ArmSamples.Count);
        Assert.Equal(picked.Sample + 0.05 * picked.Freshness + picked.Diversity, picked.Total, 5);
        Assert.Equal("bandit", await scope.ScalarAsync<string>("SELECT details ->> 'Engine' FROM schedule_decisions ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task With_v2_off_and_shadow_testing_on_the_heuristic_decides_and_the_bandit_is_compared()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await SeedArmsAsync(scope);
        await worker.Store.SetConfigAsync("epsilon", JsonValue.Create(0), "test");
        var loser = await EnqueueAsync(worker, "Losing topic post with a high priority score.", "loser", 9);
        var winner = await EnqueueAsync(worker, "Winning topic post with a low priority score.", "winner", 1);

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(("heuristic", loser), (decision.Engine, decision.TweetRow));
        var comparison = decision.Comparison!;
        Assert.Equal((loser, winner, false), (comparison.HeuristicPick, comparison.BanditPick, comparison.Agree));
        Assert.True(comparison.ExpectedRewardDifference > 0.2, $"difference {comparison.ExpectedRewardDifference}");
        Assert.Equal("false", await scope.ScalarAsync<string>("SELECT details -> 'Comparison' ->> 'Agree' FROM schedule_decisions ORDER BY id DESC LIMIT 1"));
        var summary = await worker.Get<XBot.Core.Learning.LearningCycle>().RunOnceAsync(CancellationToken.None);
        Assert.Equal((1, 0.0), (summary.Shadow!.Decisions, summary.Shadow.AgreementRate));
        Assert.Equal(comparison.ExpectedRewardDifference, summary.Shadow.AverageExpectedRewardDifference!.Value, 6);
        Assert.Contains("shadow comparison over 7 days: 1 decisions, agreement 0", summary.Describe());
    }

    [Fact]
    public async Task With_shadow_testing_off_the_bandit_does_not_score()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse("""{"shadow_testing": false}"""), "test");
        await EnqueueAsync(worker, "A post about nothing in particular.", "loser", 1);

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal("heuristic", decision.Engine);
        Assert.Null(decision.Comparison);
        Assert.All(decision.Scores!, s => Assert.Null(s.Bandit));
    }

    private static async Task SeedArmsAsync(StoreScope scope) =>
        await scope.ScalarAsync<int?>(
            "INSERT INTO bandit_arms (environment, dimension, value, alpha, beta, updated_at) VALUES " +
            "('development', 'topic', 'winner', 90, 10, now() + interval '10 days'), ('development', 'topic', 'loser', 10, 90, now() + interval '10 days')");

    private static async Task<long> EnqueueAsync(PipelineHost worker, string text, string topic, double priority) =>
        await worker.Lifecycle.EnqueueAsync(
            new NewPost(text, ContentHash.Compute(text), "test", topic, priority, worker.Get<TimeProvider>().GetUtcNow().AddHours(48)),
            CancellationToken.None) ?? throw new InvalidOperationException("not queued");
}
