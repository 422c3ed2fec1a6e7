using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.XApi;
using XBot.XSimulator;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.XSimulator;

/// <summary>The stand-in refuses what X refuses, so that a client regression fails here before it fails on X.</summary>
public sealed class SimulatorStrictnessTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero));
    private XSimulatorHost _sim = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _sim = await XSimulatorHost.StartAsync(baseClock: _time);
        _http = new HttpClient { BaseAddress = _sim.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(HttpMethod method, string target, string? json = null)
    {
        var c = _sim.Credentials;
        var signer = new OAuth1Signer(new OAuth1Credentials(c.ConsumerKey, c.ConsumerSecret, c.AccessToken, c.AccessTokenSecret), _time);
        using var request = new HttpRequestMessage(method, target);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(signer.CreateAuthorizationHeader(method, new Uri(_sim.BaseAddress, target)));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"text":"hello","mood":"calm"}""", "$.mood")]
    [InlineData("""{"text":"hello","Text":"again"}""", "$.Text")]
    [InlineData("""{"text":42}""", "$.text")]
    public async Task A_post_body_with_a_field_X_does_not_define_is_refused_as_invalid(string json, string named)
    {
        var (status, body, contentType) = await SendAsync(HttpMethod.Post, "/2/tweets", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("https://api.twitter.com/2/problems/invalid-request", body.GetProperty("type").GetString());
        Assert.Contains(named, body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Empty(_sim.State.Posts.All());
    }

    [Theory]
    [InlineData("/2/tweets?ids=1&tweet.fields=public_metrics,likes", "tweet.fields")]
    [InlineData("/2/users/1500000000000000001/tweets?max_results=10&tweet.fields=created_at,retweets", "tweet.fields")]
    [InlineData("/2/users/me?user.fields=followers", "user.fields")]
    [InlineData("/2/users/me?verbose=true", "verbose")]
    public async Task An_unknown_field_or_query_parameter_is_refused_as_invalid(string target, string parameter)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, target);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors")[0].GetProperty("parameters").TryGetProperty(parameter, out _), body.ToString());
    }

    [Fact]
    public async Task The_fields_XBot_asks_for_are_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/2/tweets?ids=1&tweet.fields=public_metrics,created_at")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/2/users/1500000000000000001/tweets?max_results=100&tweet.fields=created_at")).Status);
    }

    [Fact]
    public async Task Payment_required_and_usage_capped_answer_as_X_does()
    {
        _sim.State.Faults.Add(SimFault.PaymentRequired, XEndpoints.Me, count: 1);
        _sim.State.Faults.Add(SimFault.UsageCapped, XEndpoints.CreateTweet, count: 1);

        var payment = await SendAsync(HttpMethod.Get, "/2/users/me");
        var capped = await SendAsync(HttpMethod.Post, "/2/tweets", """{"text":"capped"}""");

        Assert.Equal(HttpStatusCode.PaymentRequired, payment.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, capped.Status);
        Assert.Equal("https://api.twitter.com/2/problems/usage-capped", capped.Body.GetProperty("type").GetString());
        Assert.Empty(_sim.State.Posts.All());
    }

    [Fact]
    public async Task Post_ids_are_unique_across_restarts_and_grow_like_snowflakes()
    {
        await using var first = await XSimulatorHost.StartAsync(baseClock: _time);
        var before = first.State.CreatePost("The same text after a restart.")!.Id;
        await first.DisposeAsync();
        await using var second = await XSimulatorHost.StartAsync(baseClock: _time);
        var after = second.State.CreatePost("The same text after a restart.")!.Id;

        Assert.NotEqual(before, after);
        Assert.Equal(19, after.Length);
        var ids = Enumerable.Range(0, 200).Select(i => long.Parse(second.State.CreatePost($"post {i}")!.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.InRange(SnowflakeIds.TimeOf(ids[^1]), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }
}
