using XBot.Core.Learning;
using XBot.Core.Scheduling;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Options;

namespace XBot.Tests.Learning;

/// <summary>Engagement collection through the real X client against the X stand-in's ground truth, on a fake clock.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EngagementCollectionTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_published_post_is_read_at_2h_24h_and_72h_then_never_again_and_a_shadowed_post_never()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(new XSimulatorOptions { RateLimits = { PostsPer24Hours = 1000, AppPostsPer24Hours = 1000 } }, clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" });
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("Machine learning models drift; measure them at a fixed age. #ai");
        var posted = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var shadowed = await LearningTestData.InsertPostAsync(scope.Postgres, "ai", clock.GetUtcNow().AddDays(-1), status: "shadowed");
        var collector = worker.Get<EngagementCollector>();
        var lookups = () => x.State.Requests.Count("GET /2/tweets");

        var reports = new List<CollectionReport>();
        foreach (var hours in new[] { 1.0, 1.0, 22.0, 48.0, 100.0 })
        {
            clock.Advance(TimeSpan.FromHours(hours));
            reports.Add(await collector.CollectOnceAsync(CancellationToken.None));
        }

        Assert.Equal(CycleOutcome.Posted, posted.Outcome);
        Assert.Equal([0, 1, 1, 1, 0], reports.Select(r => r.Read));
        Assert.All(reports, r => Assert.Equal(1.0, r.SuccessRate));
        Assert.Equal(3, lookups());
        var row = posted.TweetRow!.Value;
        Assert.Equal("7200,86400,259200", await scope.ScalarAsync<string>($"SELECT string_agg(age_seconds::text, ',' ORDER BY read_at) FROM tweet_metrics WHERE tweet_row = {row}"));
        Assert.Equal(3, await scope.ScalarAsync<int>($"SELECT metrics_reads FROM tweets WHERE id = {row}"));
        // The reward is the rate of the 2 h reading, as the stand-in's truth made it; later readings don't change it.
        var twoHour = await scope.ScalarAsync<double>(
            $"SELECT (likes + retweets + replies + quotes + bookmarks)::double precision / impressions FROM tweet_metrics WHERE tweet_row = {row} ORDER BY read_at LIMIT 1");
        Assert.Equal(twoHour, await scope.ScalarAsync<double>($"SELECT reward_rate FROM tweets WHERE id = {row}"), 12);
        Assert.True(await scope.ScalarAsync<long>($"SELECT (engagement ->> 'impressions')::bigint FROM tweets WHERE id = {row}") > 10);
        Assert.Equal(0L, await scope.ScalarAsync<long>($"SELECT count(*) FROM tweet_metrics WHERE tweet_row = {shadowed}"));
        Assert.Equal(1.0, await scope.ScalarAsync<double>(
            "SELECT (metrics ->> 'backfill_success_rate')::double precision FROM system_health WHERE component = 'engagement_collection' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_post_missed_for_days_is_read_once_and_moves_past_every_age_it_reached()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" });
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("Kubernetes deployment notes for the weekend. #devops");
        var posted = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromHours(30));
        var late = await worker.Get<EngagementCollector>().CollectOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1), (late.Read, late.Rewarded));
        Assert.Equal(2, await scope.ScalarAsync<int>($"SELECT metrics_reads FROM tweets WHERE id = {posted.TweetRow}"));
    }

    [Theory]
    [InlineData("EngagementCollection:BatchSize", "101")]
    [InlineData("EngagementCollection:ReadAges:0", "1.00:00:00")]
    [InlineData("Learning:HalfLife", "-1.00:00:00")]
    [InlineData("Learning:DiversityPenalty", "2")]
    public async Task Bad_collection_settings_fail_at_start_up(string key, string value)
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.Contains("ReadAges", StringComparison.Ordinal))
        {
            settings["EngagementCollection:ReadAges:1"] = "02:00:00";
        }

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => PipelineHost.StartAsync(scope, PipelineHost.NewClock(), settings));

        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], error.Message);
    }
}
