using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.XApi;
using XBot.XSimulator;

namespace XBot.Tests.XSimulator;

/// <summary>The stand-in verifies OAuth 1.0a as RFC 5849 §3.2 says, from the request as it arrived.</summary>
public sealed class SimulatorAuthTests : IAsyncLifetime
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

    private OAuth1Signer Signer(string? consumerSecret = null, Func<string>? nonce = null)
    {
        var c = _sim.Credentials;
        return new OAuth1Signer(new OAuth1Credentials(c.ConsumerKey, consumerSecret ?? c.ConsumerSecret, c.AccessToken, c.AccessTokenSecret), _time, nonce);
    }

    private async Task<(HttpStatusCode Status, string? Reason)> GetAsync(string target, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("x-sim-auth-error", out var values) ? values.Single() : null);
    }

    private string Sign(string target, OAuth1Signer? signer = null) =>
        (signer ?? Signer()).CreateAuthorizationHeader(HttpMethod.Get, new Uri(_sim.BaseAddress, target));

    [Fact]
    public async Task A_correctly_signed_request_with_a_query_passes()
    {
        const string target = "/2/tweets?ids=1,2&tweet.fields=public_metrics,created_at";

        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(target, Sign(target)));
    }

    [Theory]
    [InlineData(null, "no OAuth Authorization header")]
    [InlineData("Bearer abc", "no OAuth Authorization header")]
    [InlineData("OAuth oauth_consumer_key=\"xsim-consumer-key\"", "oauth_token is missing")]
    public async Task Unsigned_or_incomplete_requests_are_refused(string? authorization, string reason)
    {
        Assert.Equal((HttpStatusCode.Unauthorized, reason), await GetAsync("/2/users/me", authorization));
    }

    [Fact]
    public async Task A_wrong_secret_gives_a_signature_mismatch()
    {
        Assert.Equal((HttpStatusCode.Unauthorized, "signature mismatch"), await GetAsync("/2/users/me", Sign("/2/users/me", Signer(consumerSecret: "wrong"))));
    }

    [Fact]
    public async Task A_signature_for_another_query_is_refused()
    {
        var header = Sign("/2/tweets?ids=1");

        Assert.Equal((HttpStatusCode.Unauthorized, "signature mismatch"), await GetAsync("/2/tweets?ids=2", header));
    }

    [Fact]
    public async Task A_replayed_nonce_is_refused()
    {
        var header = Sign("/2/users/me", Signer(nonce: () => "same-nonce"));

        Assert.Equal((HttpStatusCode.OK, null), await GetAsync("/2/users/me", header));
        Assert.Equal((HttpStatusCode.Unauthorized, "nonce already used"), await GetAsync("/2/users/me", header));
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused()
    {
        var header = Sign("/2/users/me");
        _time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal((HttpStatusCode.Unauthorized, "oauth_timestamp is out of bounds"), await GetAsync("/2/users/me", header));
    }

    [Fact]
    public async Task Another_consumer_key_is_refused()
    {
        var c = _sim.Credentials;
        var other = new OAuth1Signer(new OAuth1Credentials("other-key", c.ConsumerSecret, c.AccessToken, c.AccessTokenSecret), _time);

        Assert.Equal((HttpStatusCode.Unauthorized, "unknown consumer key or token"), await GetAsync("/2/users/me", Sign("/2/users/me", other)));
    }
}
