using System.Diagnostics;
using System.Text.Json.Nodes;
using XBot.Core.Candidates;
using XBot.Core.Learning;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Text;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;
using Xunit.Abstractions;

namespace XBot.Tests.Learning;

/// <summary>
/// A month of posting on a fake clock through the real pipeline (scheduling cycle, X client, X stand-in,
/// engagement collector, learning cycle, PostgreSQL and Redis) with learning_engine_v2 on. The stand-in's
/// ground truth favours one topic; halfway through, tastes drift and another topic becomes the best.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LearningSimulationTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private const int Days = 30;
    private const int DriftDay = 15;
    private const int PostsPerDay = 17;
    private static readonly string[] Topics = ["ai", "devops", "productivity"];

    [Fact]
    public async Task A_month_of_posting_concentrates_on_the_best_topic_and_follows_a_drift()
    {
        var watch = Stopwatch.StartNew();
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.Date.AddDays(1));
        var before = Truth(ai: 0.06, devops: 0.03, productivity: 0.015);
        var after = Truth(ai: 0.015, devops: 0.03, productivity: 0.06);
        await using var x = await XSimulatorHost.StartAsync(new XSimulatorOptions { RateLimits = { PostsPer24Hours = 10_000, AppPostsPer24Hours = 10_000 }, GroundTruth = before }, clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(x.ClientSettings)
        {
            ["LIVE_POSTS"] = "true",
            ["Learning:HalfLife"] = "3.00:00:00",
            ["Learning:DiversityWindow"] = "0",
        });
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("quiet_hours", new JsonArray(), "test");
        await worker.Store.SetConfigAsync("epsilon", JsonValue.Create(0.1), "test");
        await worker.Store.SetConfigAsync("learning_engine_v2", JsonValue.Create(true), "test");
        var collector = worker.Get<EngagementCollector>();
        var learning = worker.Get<LearningCycle>();
        var text = new Random(11);
        var picks = new List<(int Day, string Topic)>();
        TimeSpan tCycle = default, tCollect = default, tLearn = default;
        var slot = TimeSpan.FromMinutes(24 * 60 / PostsPerDay);

        for (var n = 0; n < Days * PostsPerDay; n++)
        {
            var day = n / PostsPerDay;
            if (day == DriftDay && n % PostsPerDay == 0)
            {
                x.State.GroundTruth = GroundTruth.From(after);
            }
            foreach (var topic in Topics)
            {
                var content = SimulatedPostText.For(topic, n, text);
                await worker.Lifecycle.EnqueueAsync(new NewPost(content, ContentHash.Compute(content), "sim", topic, 1, clock.GetUtcNow().AddHours(6)), CancellationToken.None);
            }
            var t0 = watch.Elapsed;
            var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);
            tCycle += watch.Elapsed - t0;
            Assert.True(decision.Outcome == CycleOutcome.Posted, $"slot {n}: {decision.Outcome} {decision.Reason} {string.Join("; ", decision.Refusals ?? [])}");
            picks.Add((day, decision.Scores!.Single(s => s.Id == decision.TweetRow).Topic));
            // Each decision chooses among fresh candidates only.
            await worker.Lifecycle.ClearQueueAsync("simulation", CancellationToken.None);
            await worker.Get<CandidateQueue>().ClearAsync(CancellationToken.None);

            clock.Advance(slot);
            var t1 = watch.Elapsed;
            await collector.CollectOnceAsync(CancellationToken.None);
            tCollect += watch.Elapsed - t1;
            var t2 = watch.Elapsed;
            await learning.RunOnceAsync(CancellationToken.None);
            tLearn += watch.Elapsed - t2;
        }

        double Share(string topic, int fromDay, int toDay) =>
            (double)picks.Count(p => p.Day >= fromDay && p.Day < toDay && p.Topic == topic) / picks.Count(p => p.Day >= fromDay && p.Day < toDay);
        var report = string.Join(", ", Topics.Select(t => $"{t}: {Share(t, 8, DriftDay):P0} before the drift, {Share(t, Days - 6, Days):P0} at the end"));
        output.WriteLine($"{report}; {watch.Elapsed.TotalSeconds:0.0} s (cycle {tCycle.TotalSeconds:0.0}, collect {tCollect.TotalSeconds:0.0}, learn {tLearn.TotalSeconds:0.0})");

        // Before the drift the best topic (ai) dominates the second week; a week after it, the new best (productivity) does.
        Assert.True(Share("ai", 8, DriftDay) >= 0.6, report);
        Assert.True(Share("productivity", Days - 6, Days) >= 0.6, report);
        Assert.True(Share("ai", Days - 6, Days) <= 0.2, report);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'posted' AND reward_rate IS NOT NULL AND learning_processed_at IS NULL AND posted_at < now() - interval '1 day'"));
    }

    private static GroundTruthOptions Truth(double ai, double devops, double productivity) => new()
    {
        HourMultipliers = [.. Enumerable.Repeat(1.0, 24)],
        RateNoise = 0.25,
        Topics = new(StringComparer.OrdinalIgnoreCase)
        {
            ["ai"] = new() { Rate = ai, Keywords = ["#ai"] },
            ["devops"] = new() { Rate = devops, Keywords = ["#devops"] },
            ["productivity"] = new() { Rate = productivity, Keywords = ["#productivity"] },
        },
    };
}
