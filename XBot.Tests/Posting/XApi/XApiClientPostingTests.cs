using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Posting.XApi;
using XBot.Tests.Infrastructure;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting.XApi;

/// <summary>POST /2/tweets through the real client against the X stand-in: every outcome, and never a second send.</summary>
public sealed class XApiClientPostingTests
{
    [Fact]
    public async Task A_post_is_created_signed_and_answered_with_its_id()
    {
        await using var x = await XApiHarness.StartAsync();

        var result = await x.Client.PostTweetAsync("Hello from XBot #ai").Soon();

        var posted = Assert.IsType<PostResult.Posted>(result);
        var stored = Assert.Single(x.Sim.State.Posts.All());
        Assert.Equal(stored.Id, posted.TweetId);
        Assert.Equal("Hello from XBot #ai", stored.Text);
        Assert.Equal("201", Assert.Single(x.Sim.State.Requests.All()).Outcome);
    }

    [Fact]
    public async Task The_same_text_again_is_a_terminal_duplicate()
    {
        await using var x = await XApiHarness.StartAsync();
        await x.Client.PostTweetAsync("Only once, please").Soon();

        var again = await x.Client.PostTweetAsync("Only once, please").Soon();

        var duplicate = Assert.IsType<PostResult.Duplicate>(again);
        Assert.Contains("duplicate content", duplicate.Detail);
        Assert.Single(x.Sim.State.Posts.All());
    }

    [Fact]
    public async Task A_duplicate_fault_is_reported_as_duplicate_too()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.Duplicate, XEndpoints.CreateTweet, count: 1);

        Assert.IsType<PostResult.Duplicate>(await x.Client.PostTweetAsync("Never posted before").Soon());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_post_that_gets_a_5xx_is_sent_exactly_once_and_its_outcome_is_unknown(int status)
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.ServerError, XEndpoints.CreateTweet, statusCode: status);

        var result = await x.Client.PostTweetAsync("Will X have it?").Soon();

        var unknown = Assert.IsType<PostResult.Unknown>(result);
        Assert.Contains(status.ToString(), unknown.Reason);
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
    }

    [Fact]
    public async Task A_post_that_times_out_is_sent_exactly_once_and_its_outcome_is_unknown()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.Timeout, XEndpoints.CreateTweet);

        var post = x.Client.PostTweetAsync("Hanging in there");
        await Deadline.UntilAsync(() => x.Sim.State.Requests.Count(XEndpoints.CreateTweet) == 1, "the stand-in to receive the post");
        x.Time.Advance(x.Options.AttemptTimeout);
        var result = await post.Soon();

        Assert.IsType<PostResult.Unknown>(result);
        await Deadline.UntilAsync(() => x.Sim.State.Requests.All().Single().Outcome == "timeout", "the stand-in to see the client give up");
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
    }

    [Fact]
    public async Task A_post_whose_connection_drops_after_sending_is_unknown_and_reconciliation_finds_it()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.AcceptThenDrop, XEndpoints.CreateTweet, count: 1);
        const string text = "Did it land? https://example.com/post?id=1 & more";

        var result = await x.Client.PostTweetAsync(text).Soon();

        Assert.IsType<PostResult.Unknown>(result);
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
        var stored = Assert.Single(x.Sim.State.Posts.All());

        var search = await x.Client.FindRecentPostAsync(text).Soon();

        Assert.True(search.IsSuccess);
        Assert.Equal(stored.Id, search.Value!.Match?.Id);
        Assert.True(search.Value.CoversSince(XApiHarness.Start));
    }

    [Fact]
    public async Task A_post_to_a_closed_port_was_certainly_not_sent()
    {
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_BASE_URL"] = $"http://127.0.0.1:{PortFinder.Free()}");

        var result = await x.Client.PostTweetAsync("Nobody listens").Soon();

        Assert.IsType<PostResult.NotSent>(result);
    }

    [Fact]
    public async Task A_client_with_a_wrong_secret_is_refused_with_401_and_the_post_fails_terminally()
    {
        await using var x = await XApiHarness.StartAsync(settings: s => s["TWITTER_API_SECRET"] = "not-the-secret");

        var post = await x.Client.PostTweetAsync("Forged").Soon();
        var me = await x.Client.GetMeAsync().Soon();

        var failed = Assert.IsType<PostResult.Failed>(post);
        Assert.Equal(401, failed.StatusCode);
        Assert.Equal(XReadErrorKind.Failed, me.Error?.Kind);
        Assert.Equal(401, me.Error?.StatusCode);
        Assert.Empty(x.Sim.State.Posts.All());
        Assert.All(x.Sim.State.Requests.All(), r => Assert.Equal("401", r.Outcome));
    }

    [Fact]
    public async Task A_429_storm_sends_nothing_until_the_reset_then_posts()
    {
        await using var x = await XApiHarness.StartAsync();
        var storm = x.Sim.State.Faults.Add(SimFault.RateLimitStorm, duration: TimeSpan.FromMinutes(15));
        var reset = storm.Until!.Value;

        var first = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Storm 1").Soon());
        var sentBy429 = x.Sim.State.Requests.Count();
        x.Time.Advance(TimeSpan.FromMinutes(5));
        var second = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Storm 2").Soon());
        x.Time.Advance(reset - x.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        var third = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Storm 3").Soon());

        Assert.True(first.Sent);
        Assert.Equal(reset, first.Until);
        Assert.False(second.Sent);
        Assert.False(third.Sent);
        Assert.Equal(1, sentBy429);
        Assert.Equal(sentBy429, x.Sim.State.Requests.Count());

        x.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("After the storm").Soon());
        Assert.DoesNotContain(x.Sim.State.Requests.All(), r => r.ReceivedAt > XApiHarness.Start && r.ReceivedAt < reset);
    }

    [Fact]
    public async Task An_exhausted_daily_limit_reported_in_headers_stops_the_next_post_before_it_is_sent()
    {
        var simulator = XApiHarness.Roomy(o => o.RateLimits.PostsPer24Hours = 2);
        await using var x = await XApiHarness.StartAsync(simulator);

        Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("One").Soon());
        Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("Two").Soon());
        var third = await x.Client.PostTweetAsync("Three").Soon();

        var limited = Assert.IsType<PostResult.RateLimited>(third);
        Assert.False(limited.Sent);
        Assert.Equal(XApiHarness.Start.AddHours(24), limited.Until);
        Assert.Equal(2, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
        Assert.Contains(x.Host.Services.GetRequiredService<XRateLimitState>().Snapshot(),
            s => s is { Endpoint: XEndpoints.CreateTweet, Scope: XRateLimitScope.User24Hour, Limit: 2, Remaining: 0 });
    }
}
