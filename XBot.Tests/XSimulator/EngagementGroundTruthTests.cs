using XBot.Core.Posting.XApi;
using XBot.Tests.Posting.XApi;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.XSimulator;

/// <summary>
/// The stand-in's engagement follows its configured ground truth, read back through the real client the
/// way the metrics collector will: per-topic base rates, hour-of-day multipliers, growth with age, a seed.
/// </summary>
public sealed class EngagementGroundTruthTests
{
    private static readonly double[] Flat = Enumerable.Repeat(1.0, 24).ToArray();

    private static XSimulatorOptions TwoTopics(double[]? hours = null, int seed = 42) => XApiHarness.Roomy(o =>
    {
        o.Seed = seed;
        o.GroundTruth.Topics = new()
        {
            ["alpha"] = new TopicTruthOptions { Rate = 0.06, Keywords = ["#alpha"] },
            ["beta"] = new TopicTruthOptions { Rate = 0.02, Keywords = ["#beta"] },
        };
        o.GroundTruth.HourMultipliers = hours ?? Flat;
    });

    private static double Rate(IEnumerable<XTweet> tweets) =>
        (double)tweets.Sum(t => t.PublicMetrics!.Engagements!.Value) / tweets.Sum(t => t.PublicMetrics!.ImpressionCount!.Value);

    [Fact]
    public async Task A_topic_with_a_higher_base_rate_earns_a_higher_engagement_rate_over_many_posts()
    {
        await using var x = await XApiHarness.StartAsync(TwoTopics());
        var ids = new Dictionary<string, string>();
        for (var i = 0; i < 40; i++)
        {
            foreach (var topic in new[] { "alpha", "beta" })
            {
                ids[Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync($"Post {i} about #{topic}").Soon()).TweetId] = topic;
            }
            x.Time.Advance(TimeSpan.FromMinutes(7));
        }
        x.Time.Advance(TimeSpan.FromDays(2));

        var lookup = await x.Client.GetTweetsAsync(ids.Keys).Soon();

        Assert.True(lookup.IsComplete);
        var alpha = Rate(lookup.Tweets.Where(t => ids[t.Id] == "alpha"));
        var beta = Rate(lookup.Tweets.Where(t => ids[t.Id] == "beta"));
        Assert.InRange(alpha, 0.06 * 0.8, 0.06 * 1.25);
        Assert.InRange(beta, 0.02 * 0.8, 0.02 * 1.25);
        Assert.True(alpha > 2 * beta, $"alpha {alpha:F4} should be about three times beta {beta:F4}");
    }

    [Fact]
    public async Task The_hour_of_posting_multiplies_the_rate()
    {
        var hours = Enumerable.Repeat(1.0, 24).ToArray();
        hours[4] = 0.5;
        hours[20] = 2.0;
        await using var x = await XApiHarness.StartAsync(TwoTopics(hours));
        var byHour = new Dictionary<string, int>();
        // The harness clock starts at 12:00 UTC; post 30 at 20:00 and 30 at 04:00 the next day.
        x.Time.Advance(TimeSpan.FromHours(8));
        foreach (var hour in new[] { 20, 4 })
        {
            for (var i = 0; i < 30; i++)
            {
                byHour[Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync($"At {hour}h, number {i} #alpha").Soon()).TweetId] = hour;
            }
            x.Time.Advance(TimeSpan.FromHours(8));
        }
        x.Time.Advance(TimeSpan.FromDays(2));

        var lookup = await x.Client.GetTweetsAsync(byHour.Keys).Soon();

        var evening = Rate(lookup.Tweets.Where(t => byHour[t.Id] == 20));
        var night = Rate(lookup.Tweets.Where(t => byHour[t.Id] == 4));
        Assert.InRange(evening / night, 4 * 0.7, 4 * 1.4);
    }

    [Fact]
    public void Impressions_and_engagements_grow_with_age_and_never_go_down()
    {
        var state = new XSimulatorState(TwoTopics(), TimeProvider.System);
        var truth = state.GroundTruth;
        var post = new SimPost("1", 7, "1", "x #alpha", "x #alpha", "alpha", XApiHarness.Start);

        var series = Enumerable.Range(0, 48).Select(h => EngagementModel.Metrics(truth, 42, post, XApiHarness.Start.AddHours(h * 0.5))).ToList();

        Assert.Equal(0, series[0].ImpressionCount);
        Assert.All(series.Zip(series.Skip(1)), pair =>
        {
            Assert.True(pair.Second.ImpressionCount >= pair.First.ImpressionCount);
            Assert.True(pair.Second.LikeCount >= pair.First.LikeCount);
            Assert.True(pair.Second.Engagements >= pair.First.Engagements);
        });
        // Half the reach after one half-life (3 h), nearly all of it after eight.
        Assert.InRange((double)series[6].ImpressionCount / series[47].ImpressionCount, 0.45, 0.55);
    }

    [Fact]
    public void The_same_seed_gives_the_same_metrics_and_another_seed_does_not()
    {
        var truth = new XSimulatorState(TwoTopics(), TimeProvider.System).GroundTruth;
        var posts = Enumerable.Range(1, 20).Select(i => new SimPost(i.ToString(), i, "1", "t", "t", i % 2 == 0 ? "alpha" : "beta", XApiHarness.Start)).ToList();
        var at = XApiHarness.Start.AddDays(1);

        var first = posts.Select(p => EngagementModel.Metrics(truth, 42, p, at)).ToList();
        var again = posts.Select(p => EngagementModel.Metrics(truth, 42, p, at)).ToList();
        var other = posts.Select(p => EngagementModel.Metrics(truth, 43, p, at)).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Time_scale_ages_posts_faster_than_the_clock()
    {
        await using var fast = await XApiHarness.StartAsync(XApiHarness.Roomy(o => o.GroundTruth.TimeScale = 60));
        var id = Assert.IsType<PostResult.Posted>(await fast.Client.PostTweetAsync("Quick #ai").Soon()).TweetId;

        fast.Time.Advance(TimeSpan.FromMinutes(3));
        var metrics = (await fast.Client.GetTweetsAsync([id]).Soon()).Tweets.Single().PublicMetrics!;

        // Three minutes at 60x is three hours: one half-life, about half the post's reach.
        var full = EngagementModel.Metrics(fast.Sim.State.GroundTruth, fast.Sim.State.Options.Seed, fast.Sim.State.Posts.All().Single(), XApiHarness.Start.AddDays(30));
        Assert.InRange((double)metrics.ImpressionCount!.Value / full.ImpressionCount, 0.45, 0.55);
    }
}
