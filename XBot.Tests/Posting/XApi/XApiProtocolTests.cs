using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XBot.Core.Posting.XApi;
using XBot.Tests.Infrastructure;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting.XApi;

/// <summary>How the client speaks and reads X's protocol: framing, error shapes, 402, 429 and their headers.</summary>
public sealed class XApiProtocolTests
{
    [Fact]
    public async Task A_post_goes_out_buffered_with_its_content_length_not_chunked()
    {
        await using var x = await XApiHarness.StartAsync();
        const string text = "Framing matters: naïve proxies choke on chunked bodies.";

        await x.Client.PostTweetAsync(text).Soon();

        var sent = Assert.Single(x.Sim.State.Requests.All());
        Assert.False(sent.Chunked);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent.Body!), sent.ContentLength);
        Assert.Equal(text, System.Text.Json.JsonDocument.Parse(sent.Body!).RootElement.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    public async Task The_top_level_code_and_message_shape_is_read_as_a_duplicate_whatever_the_content_type(string contentType)
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost("/2/tweets", () =>
            Results.Text("""{"code":187,"message":"Status is a duplicate."}""", contentType, Encoding.UTF8, 403)));
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_BASE_URL"] = server.BaseAddress.ToString());

        var result = await x.Client.PostTweetAsync("Said it before.").Soon();

        Assert.Equal("Status is a duplicate.", Assert.IsType<PostResult.Duplicate>(result).Detail);
    }

    [Fact]
    public async Task A_402_is_payment_required_for_posts_and_reads_and_is_never_retried()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.PaymentRequired);

        var post = await x.Client.PostTweetAsync("Out of credits.").Soon();
        var me = await x.Client.GetMeAsync().Soon();

        Assert.Contains("credits", Assert.IsType<PostResult.PaymentRequired>(post).Detail);
        Assert.Equal(XReadErrorKind.PaymentRequired, me.Error?.Kind);
        Assert.Equal(2, x.Sim.State.Requests.Count());
    }

    [Fact]
    public async Task After_a_429_nothing_goes_to_that_endpoint_before_the_reset_it_announced_even_when_a_later_window_is_known()
    {
        await using var x = await XApiHarness.StartAsync();
        // A good post first: the endpoint's 15-minute window is now known, with plenty left.
        Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("Before the storm.").Soon());
        var storm = x.Sim.State.Faults.Add(SimFault.RateLimitStorm, XEndpoints.CreateTweet, duration: TimeSpan.FromSeconds(60));

        var limited = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("During the storm.").Soon());
        var held = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Still during the storm.").Soon());
        x.Time.Advance(TimeSpan.FromSeconds(30));
        var stillHeld = await x.Client.PostTweetAsync("Half way through.").Soon();
        x.Time.SetUtcNow(storm.Until!.Value.AddSeconds(1));
        var after = await x.Client.PostTweetAsync("After the storm.").Soon();

        Assert.True(limited.Sent);
        Assert.False(held.Sent);
        Assert.Equal(limited.Until, held.Until);
        Assert.False(Assert.IsType<PostResult.RateLimited>(stillHeld).Sent);
        Assert.IsType<PostResult.Posted>(after);
        Assert.Equal(3, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
    }

    [Fact]
    public async Task A_usage_capped_429_holds_the_endpoint_although_its_window_shows_requests_left()
    {
        await using var x = await XApiHarness.StartAsync();
        x.Sim.State.Faults.Add(SimFault.UsageCapped, XEndpoints.CreateTweet, count: 1);

        var capped = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Capped.").Soon());
        var next = Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("Still capped.").Soon());

        Assert.True(capped.Sent);
        Assert.False(next.Sent);
        Assert.True(capped.Until > x.Time.GetUtcNow());
        Assert.Equal(1, x.Sim.State.Requests.Count(XEndpoints.CreateTweet));
    }

    [Fact]
    public async Task An_unknown_rate_limit_header_is_logged_once()
    {
        var log = new CapturedLog();
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/2/users/me", (HttpResponse response) =>
        {
            response.Headers["x-credits-limit-remaining"] = "12";
            response.Headers["x-rate-limit-remaining"] = "5";
            response.Headers["x-rate-limit-reset"] = "1748866500";
            return Results.Text("""{"data":{"id":"1","name":"n","username":"u"}}""", "application/json");
        }));
        await using var x = await XApiHarness.StartAsync(
            settings: s => s["X_API_BASE_URL"] = server.BaseAddress.ToString(),
            services: s => s.AddLogging(b => b.AddProvider(log)));

        await x.Client.GetMeAsync().Soon();
        await x.Client.GetMeAsync().Soon();

        Assert.Single(log.Lines, l => l.Contains("x-credits-limit-remaining"));
        Assert.DoesNotContain(log.Lines, l => l.Contains("x-rate-limit-remaining"));
    }
}
