using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

public sealed class XRateLimitStateTests
{
    private const string Endpoint = XEndpoints.CreateTweet;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero));

    private XRateLimitWindow Window(XRateLimitScope scope, int remaining, TimeSpan resetIn) =>
        new(scope, 17, remaining, _time.GetUtcNow() + resetIn);

    [Fact]
    public void An_unknown_endpoint_may_be_called()
    {
        Assert.Null(new XRateLimitState(_time).TryReserve(Endpoint));
    }

    [Fact]
    public void An_exhausted_window_blocks_until_its_reset_and_then_lets_requests_through()
    {
        var state = new XRateLimitState(_time);
        var reset = TimeSpan.FromHours(3);
        state.Record(Endpoint, [Window(XRateLimitScope.User24Hour, 0, reset), Window(XRateLimitScope.Endpoint, 50, TimeSpan.FromMinutes(10))]);

        Assert.Equal(_time.GetUtcNow() + reset, state.TryReserve(Endpoint));
        _time.Advance(reset - TimeSpan.FromSeconds(1));
        Assert.NotNull(state.TryReserve(Endpoint));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(state.TryReserve(Endpoint));
    }

    [Fact]
    public void The_latest_of_several_exhausted_windows_decides()
    {
        var state = new XRateLimitState(_time);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 0, TimeSpan.FromMinutes(5)), Window(XRateLimitScope.App24Hour, 0, TimeSpan.FromHours(20))]);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(20), state.TryReserve(Endpoint));
    }

    [Fact]
    public void Reservations_count_down_so_concurrent_callers_cannot_overshoot_the_last_request()
    {
        var state = new XRateLimitState(_time);
        state.Record(Endpoint, [Window(XRateLimitScope.User24Hour, 3, TimeSpan.FromHours(1))]);

        var granted = Enumerable.Range(0, 20).AsParallel().Count(_ => state.TryReserve(Endpoint) is null);

        Assert.Equal(3, granted);
    }

    [Fact]
    public void Limits_are_per_endpoint()
    {
        var state = new XRateLimitState(_time);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 0, TimeSpan.FromMinutes(15))]);

        Assert.NotNull(state.TryReserve(Endpoint));
        Assert.Null(state.TryReserve(XEndpoints.LookupTweets));
    }

    [Fact]
    public void A_stale_answer_does_not_undo_a_newer_window()
    {
        var state = new XRateLimitState(_time);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 0, TimeSpan.FromMinutes(15))]);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 10, TimeSpan.FromMinutes(15))]);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 10, TimeSpan.FromMinutes(1))]);

        Assert.NotNull(state.TryReserve(Endpoint));
    }

    [Fact]
    public void A_429_with_an_exhausted_window_waits_for_that_reset()
    {
        var state = new XRateLimitState(_time);

        var until = state.RecordTooManyRequests(Endpoint, [Window(XRateLimitScope.Endpoint, 0, TimeSpan.FromMinutes(7))], retryAfter: null);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(7), until);
        Assert.Equal(until, state.TryReserve(Endpoint));
    }

    [Theory]
    [InlineData(null, 15 * 60)]
    [InlineData(90, 90)]
    public void A_429_without_usable_headers_backs_off_by_retry_after_or_the_default(int? retryAfterSeconds, int expectedSeconds)
    {
        var state = new XRateLimitState(_time);
        // Remaining says 5 and one window reset long ago: neither explains the 429.
        XRateLimitWindow[] windows = [Window(XRateLimitScope.Endpoint, 5, TimeSpan.FromMinutes(10)), Window(XRateLimitScope.User24Hour, 0, -TimeSpan.FromMinutes(1))];

        var until = state.RecordTooManyRequests(Endpoint, windows, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(expectedSeconds), until);
        Assert.Equal(until, state.TryReserve(Endpoint));
        Assert.Contains(state.Snapshot(), s => s.Scope == XRateLimitScope.Throttled && s.Reset == until);
    }

    [Fact]
    public void A_429_closes_the_endpoint_until_the_reset_it_announced_even_when_a_later_window_is_known()
    {
        var state = new XRateLimitState(_time);
        state.Record(Endpoint, [Window(XRateLimitScope.Endpoint, 99, TimeSpan.FromMinutes(15))]);

        var until = state.RecordTooManyRequests(Endpoint, [Window(XRateLimitScope.Endpoint, 0, TimeSpan.FromSeconds(60))], retryAfter: null);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), until);
        Assert.Equal(until, state.TryReserve(Endpoint));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(state.TryReserve(Endpoint));
    }
}
