using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

public sealed class XRateLimitHeadersTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // headers ("name: value; ..."), expected windows ("scope limit/remaining@reset; ...")
        { "x-rate-limit-limit: 300; x-rate-limit-remaining: 299; x-rate-limit-reset: 1700000900", "Endpoint 300/299@1700000900" },
        {
            "x-rate-limit-limit: 100; x-rate-limit-remaining: 99; x-rate-limit-reset: 1700000900; "
            + "x-user-limit-24hour-limit: 17; x-user-limit-24hour-remaining: 16; x-user-limit-24hour-reset: 1700086400; "
            + "x-app-limit-24hour-limit: 1500; x-app-limit-24hour-remaining: 0; x-app-limit-24hour-reset: 1700090000",
            "Endpoint 100/99@1700000900; User24Hour 17/16@1700086400; App24Hour 1500/0@1700090000"
        },
        { "X-Rate-Limit-Remaining: 0; X-Rate-Limit-Reset: 1700000000", "Endpoint -/0@1700000000" },
        { "x-rate-limit-limit: 300; x-rate-limit-remaining: 12", "" },
        { "x-rate-limit-remaining: many; x-rate-limit-reset: 1700000000", "" },
        { "x-rate-limit-remaining: -1; x-rate-limit-reset: 1700000000", "" },
        { "x-rate-limit-remaining: 5; x-rate-limit-reset: soon", "" },
        { "x-rate-limit-limit: x; x-rate-limit-remaining: 5; x-rate-limit-reset: 1700000000", "Endpoint -/5@1700000000" },
        { "x-user-limit-24hour-remaining: 3; x-user-limit-24hour-reset: 1700086400", "User24Hour -/3@1700086400" },
        { "x-rate-limit-remaining: 99999999999; x-rate-limit-reset: 1700000000", "Endpoint -/2147483647@1700000000" },
        { "content-type: application/json", "" },
        // Leniently: spaces, quotes, a fraction, milliseconds, and the keys X added or respelled.
        { "x-rate-limit-remaining:  7 ; x-rate-limit-reset: \"1700000000\"", "Endpoint -/7@1700000000" },
        { "x-rate-limit-remaining: 7.0; x-rate-limit-reset: 1700000000.5", "Endpoint -/7@1700000000" },
        { "x-rate-limit-remaining: 7; x-rate-limit-reset: 1700000000123", "Endpoint -/7@1700000000" },
        { "x-ratelimit-limit: 50; x-ratelimit-remaining: 0; x-ratelimit-reset: 1700000900", "Endpoint 50/0@1700000900" },
        { "x-account-rate-limit-limit: 100; x-account-rate-limit-remaining: 3; x-account-rate-limit-reset: 1700003600", "Account 100/3@1700003600" },
    };

    [Fact]
    public void Names_the_rate_limit_headers_it_does_not_read()
    {
        var unknown = XRateLimitHeaders.UnknownLimitHeaders(
            ["X-Rate-Limit-Remaining", "x-user-limit-24hour-reset", "x-credits-limit-remaining", "X-Usage-Limit", "content-length", "x-limit"]);

        Assert.Equal(["x-credits-limit-remaining", "x-usage-limit", "x-limit"], unknown);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_every_header_set_and_ignores_incomplete_ones(string headers, string expected)
    {
        using var response = new HttpResponseMessage();
        foreach (var header in headers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = header.IndexOf(':');
            response.Headers.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
        }

        var windows = XRateLimitHeaders.Parse(response.Headers);

        Assert.Equal(expected, string.Join("; ", windows.Select(w => $"{w.Scope} {(w.Limit?.ToString() ?? "-")}/{w.Remaining}@{w.Reset.ToUnixTimeSeconds()}")));
    }

    [Fact]
    public void Retry_after_is_read_as_a_delay_or_a_date()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var delta = new HttpResponseMessage();
        delta.Headers.TryAddWithoutValidation("Retry-After", "120");
        using var date = new HttpResponseMessage();
        date.Headers.TryAddWithoutValidation("Retry-After", (now + TimeSpan.FromMinutes(5)).ToString("R"));
        using var none = new HttpResponseMessage();

        Assert.Equal(TimeSpan.FromSeconds(120), XRateLimitHeaders.RetryAfter(delta.Headers, now));
        Assert.Equal(TimeSpan.FromMinutes(5), XRateLimitHeaders.RetryAfter(date.Headers, now));
        Assert.Null(XRateLimitHeaders.RetryAfter(none.Headers, now));
    }
}
