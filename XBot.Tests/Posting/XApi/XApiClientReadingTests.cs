using System.Web;
using XBot.Core.Posting.XApi;
using XBot.Tests.Infrastructure;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting.XApi;

/// <summary>The GET endpoints through the real client against the X stand-in: batching, retries, reconciliation reads.</summary>
public sealed class XApiClientReadingTests
{
    [Fact]
    public async Task Users_me_returns_the_account()
    {
        await using var x = await XApiHarness.StartAsync();

        var me = await x.Client.GetMeAsync().Soon();

        Assert.True(me.IsSuccess);
        Assert.Equal(new XUser("1500000000000000001", "xbot_sim", "XBot Simulator"), me.Value);
    }

    [Fact]
    public async Task A_read_that_gets_a_503_is_retried_and_succeeds()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.ServerError, XEndpoints.Me, count: 2, statusCode: 503);

        var me = await x.Client.GetMeAsync().Soon();

        Assert.True(me.IsSuccess, me.Error?.Detail);
        Assert.Equal(["503", "503", "200"], x.Sim.State.Requests.All().Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_read_that_keeps_failing_gives_up_after_the_configured_retries_as_transient()
    {
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_READ_RETRIES"] = "2");
        x.Sim.State.Faults.Add(SimFault.ServerError, XEndpoints.Me, statusCode: 502);

        var me = await x.Client.GetMeAsync().Soon();

        Assert.Equal(XReadErrorKind.Transient, me.Error?.Kind);
        Assert.Equal(502, me.Error?.StatusCode);
        Assert.Equal(3, x.Sim.State.Requests.Count(XEndpoints.Me));
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.Timeout, XEndpoints.Me, count: 1);

        var me = x.Client.GetMeAsync();
        await Deadline.UntilAsync(() => x.Sim.State.Requests.Count(XEndpoints.Me) == 1, "the first attempt to arrive");
        x.Time.Advance(x.Options.AttemptTimeout);
        var result = await me.Soon();

        Assert.True(result.IsSuccess, result.Error?.Detail);
        Assert.Equal(2, x.Sim.State.Requests.Count(XEndpoints.Me));
    }

    [Fact]
    public async Task A_429_on_a_read_is_not_retried_and_blocks_that_endpoint_only()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.RateLimitStorm, XEndpoints.Me, duration: TimeSpan.FromMinutes(15));

        var first = await x.Client.GetMeAsync().Soon();
        var second = await x.Client.GetMeAsync().Soon();
        var other = await x.Client.GetTweetsAsync(["1"]).Soon();

        Assert.Equal(XReadErrorKind.RateLimited, first.Error?.Kind);
        Assert.Equal(XApiHarness.Start.AddMinutes(15), first.Error?.RetryAt);
        Assert.Equal(XReadErrorKind.RateLimited, second.Error?.Kind);
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.Me));
        Assert.True(other.IsComplete);
    }

    [Fact]
    public async Task Looking_up_250_ids_takes_three_requests_of_at_most_100()
    {
        await using var x = await XApiHarness.StartAsync();
        var posted = new List<string>();
        foreach (var text in new[] { "first", "second", "third" })
        {
            posted.Add(Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync(text).Soon()).TweetId);
        }
        var ids = posted.Concat(Enumerable.Range(1, 247).Select(i => (1_000_000 + i).ToString())).ToList();

        var lookup = await x.Client.GetTweetsAsync(ids).Soon();

        var requests = x.Sim.State.Requests.All().Where(r => r.Endpoint == XEndpoints.LookupTweets).ToList();
        var batches = requests.Select(r => HttpUtility.ParseQueryString(new Uri(x.Sim.BaseAddress, r.Target).Query)["ids"]!.Split(',')).ToList();
        Assert.Equal([100, 100, 50], batches.Select(b => b.Length));
        Assert.Equal(ids.Order(), batches.SelectMany(b => b).Order());
        Assert.True(lookup.IsComplete);
        Assert.Equal(posted.Order(), lookup.Tweets.Select(t => t.Id).Order());
        Assert.Equal(247, lookup.NotFoundIds.Count);
        Assert.All(lookup.Tweets, t => Assert.NotNull(t.PublicMetrics));
        Assert.All(lookup.Tweets, t => Assert.Equal(XApiHarness.Start, t.CreatedAt));
    }

    [Fact]
    public async Task A_lookup_stopped_by_a_rate_limit_keeps_what_it_got_and_names_the_rest()
    {
        await using var x = await XApiHarness.StartAsync(XApiHarness.Roomy(o => o.RateLimits.ReadsPer15Minutes = 1));
        var ids = Enumerable.Range(1, 150).Select(i => (1_000_000 + i).ToString()).ToList();

        var lookup = await x.Client.GetTweetsAsync(ids).Soon();

        Assert.False(lookup.IsComplete);
        Assert.Equal(XReadErrorKind.RateLimited, lookup.Error!.Kind);
        Assert.Equal(100, lookup.NotFoundIds.Count);
        Assert.Equal(ids.Skip(100), lookup.UnfetchedIds);
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.LookupTweets));
    }

    [Fact]
    public async Task Bad_ids_are_refused_before_anything_is_sent()
    {
        await using var x = await XApiHarness.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => x.Client.GetTweetsAsync(["123", "12a", ""]));

        Assert.Contains("'12a', ''", error.Message);
        Assert.Equal(0, x.Sim.State.Requests.Count());
    }

    [Fact]
    public async Task Recent_posts_come_newest_first_with_their_creation_time()
    {
        await using var x = await XApiHarness.StartAsync();
        await x.Client.PostTweetAsync("older").Soon();
        x.Time.Advance(TimeSpan.FromMinutes(30));
        await x.Client.PostTweetAsync("newer <3 & https://example.com").Soon();

        var page = await x.Client.GetRecentTweetsAsync("1500000000000000001").Soon();

        Assert.True(page.IsSuccess);
        Assert.Equal(2, page.Value!.Tweets.Count);
        Assert.StartsWith("newer &lt;3 &amp; https://t.co/", page.Value.Tweets[0].Text);
        Assert.Equal(XApiHarness.Start.AddMinutes(30), page.Value.Tweets[0].CreatedAt);
        Assert.Equal("older", page.Value.Tweets[1].Text);
        Assert.Null(page.Value.NextToken);
        Assert.Contains("max_results=100", x.Sim.State.Requests.All().Last().Target);
    }

    [Fact]
    public async Task Reconciliation_says_when_absence_is_conclusive()
    {
        await using var x = await XApiHarness.StartAsync(XApiHarness.Roomy());
        for (var i = 0; i < 101; i++)
        {
            await x.Client.PostTweetAsync($"filler {i}").Soon();
            x.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var search = (await x.Client.FindRecentPostAsync("never posted").Soon()).Value!;

        Assert.Null(search.Match);
        Assert.Equal(100, search.Scanned);
        Assert.False(search.ReachedEnd);
        // The oldest scanned post is "filler 1", posted one minute after the start.
        Assert.True(search.CoversSince(XApiHarness.Start.AddMinutes(1)));
        Assert.False(search.CoversSince(XApiHarness.Start));
    }
}
