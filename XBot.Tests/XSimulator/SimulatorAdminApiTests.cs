using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XBot.Core.Posting.XApi;
using XBot.Tests.Posting.XApi;

namespace XBot.Tests.XSimulator;

/// <summary>The /_sim admin API, over HTTP, driving what the real client then sees.</summary>
public sealed class SimulatorAdminApiTests
{
    private static HttpClient Admin(XApiHarness x) => new() { BaseAddress = x.Sim.BaseAddress };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_fault_armed_over_http_is_played_to_the_client_then_cleared()
    {
        await using var x = await XApiHarness.StartAsync();
        using var admin = Admin(x);

        var armed = await admin.PostAsJsonAsync("/_sim/faults", new { fault = "server-error", endpoint = "GET /2/users/me", count = 1, status_code = 502 });
        var me = await x.Client.GetMeAsync().Soon();

        Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        Assert.True(me.IsSuccess);
        Assert.Equal(["502", "200"], x.Sim.State.Requests.All().Select(r => r.Outcome));
        Assert.Equal(0, (await JsonAsync(await admin.GetAsync("/_sim/faults"))).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"fault\":\"meteor\"}", "'fault' is one of rate-limit-storm, duplicate, server-error, timeout, accept-then-drop")]
    [InlineData("{\"fault\":\"server-error\",\"status_code\":418}", "status must be from 500 to 599")]
    [InlineData("{\"fault\":\"timeout\",\"endpoint\":\"GET /2/everything\"}", "endpoint is 'GET /2/everything'")]
    [InlineData("{\"fault\":\"timeout\",\"count\":0}", "count must be at least 1")]
    [InlineData("not json", "The request body isn't valid")]
    public async Task A_bad_fault_is_refused_with_what_is_allowed(string body, string message)
    {
        await using var x = await XApiHarness.StartAsync();
        using var admin = Admin(x);

        var response = await admin.PostAsync("/_sim/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await JsonAsync(response)).GetProperty("error").GetString());
        Assert.Empty(x.Sim.State.Faults.Active());
    }

    [Fact]
    public async Task Ground_truth_can_be_replaced_and_bad_values_change_nothing()
    {
        await using var x = await XApiHarness.StartAsync();
        using var admin = Admin(x);
        var before = x.Sim.State.GroundTruth;

        var bad = await admin.PutAsJsonAsync("/_sim/ground-truth", new { default_rate = 2.0 });
        var good = await admin.PutAsJsonAsync("/_sim/ground-truth", new { default_rate = 0.05, topics = new { cats = new { rate = 0.2, keywords = new[] { "#cats" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("XSimulator:GroundTruth:DefaultRate is 2", (await JsonAsync(bad)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.NotSame(before, x.Sim.State.GroundTruth);
        Assert.Equal("cats", Assert.Single(x.Sim.State.GroundTruth.Topics).Name);
        Assert.Equal(0.05, x.Sim.State.GroundTruth.DefaultRate);
    }

    [Fact]
    public async Task Advancing_the_clock_ages_posts_and_the_admin_view_shows_truth_and_metrics()
    {
        await using var x = await XApiHarness.StartAsync();
        using var admin = Admin(x);
        await x.Client.PostTweetAsync("Clockwork #ai").Soon();

        var fresh = (await JsonAsync(await admin.GetAsync("/_sim/posts")))[0];
        var advanced = await admin.PostAsJsonAsync("/_sim/clock/advance", new { by = "06:00:00" });
        var aged = (await JsonAsync(await admin.GetAsync("/_sim/posts")))[0];
        var backwards = await admin.PutAsJsonAsync("/_sim/clock", new { now = XApiHarness.Start });

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal("ai", aged.GetProperty("topic").GetString());
        // The ai example topic's 0.045, times the default multiplier of 12:00 (1.05).
        Assert.Equal(0.045 * 1.05, aged.GetProperty("expected_rate").GetDouble(), 6);
        Assert.Equal(0, fresh.GetProperty("public_metrics").GetProperty("impression_count").GetInt64());
        Assert.True(aged.GetProperty("public_metrics").GetProperty("impression_count").GetInt64() > 0);
        Assert.Equal(XApiHarness.Start.AddHours(6), x.Sim.State.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
    }

    [Fact]
    public async Task State_counts_requests_and_reset_starts_afresh()
    {
        await using var x = await XApiHarness.StartAsync();
        using var admin = Admin(x);
        await x.Client.PostTweetAsync("Counted").Soon();
        await x.Client.GetMeAsync().Soon();

        var state = await JsonAsync(await admin.GetAsync("/_sim/state"));
        var reset = await admin.PostAsync("/_sim/reset", null);

        Assert.Equal(1, state.GetProperty("posts").GetInt32());
        Assert.Equal(1, state.GetProperty("requests").GetProperty(XEndpoints.CreateTweet).GetInt32());
        Assert.Equal(1, state.GetProperty("requests").GetProperty(XEndpoints.Me).GetInt32());
        Assert.Contains(state.GetProperty("rate_limits").EnumerateArray(), w => w.GetProperty("scope").GetString() == "User24Hour" && w.GetProperty("remaining").GetInt32() == 16);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(x.Sim.State.Posts.All());
        Assert.Equal(0, x.Sim.State.Requests.Count());
    }

    [Fact]
    public async Task A_fault_can_be_asked_for_by_one_request_header()
    {
        await using var x = await XApiHarness.StartAsync();
        using var raw = Admin(x);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/2/users/me");
        request.Headers.Add("x-sim-fault", "server-error");
        request.Headers.Add("x-sim-fault-status", "504");
        var c = x.Sim.Credentials;
        request.Headers.TryAddWithoutValidation("Authorization",
            new OAuth1Signer(new OAuth1Credentials(c.ConsumerKey, c.ConsumerSecret, c.AccessToken, c.AccessTokenSecret), x.Time)
                .CreateAuthorizationHeader(HttpMethod.Get, new Uri(x.Sim.BaseAddress, "/2/users/me")));

        using var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Empty(x.Sim.State.Faults.Active());
        Assert.True((await x.Client.GetMeAsync().Soon()).IsSuccess);
    }
}
