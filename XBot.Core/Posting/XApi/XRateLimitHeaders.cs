using System.Globalization;
using System.Net.Http.Headers;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Reads X's rate-limit headers: <c>x-rate-limit-{limit,remaining,reset}</c>,
/// <c>x-user-limit-24hour-*</c>, <c>x-app-limit-24hour-*</c> and, since X's February 2026 change,
/// <c>x-account-rate-limit-*</c>; the unhyphenated <c>x-ratelimit-*</c> spelling is read as the endpoint's.
/// Leniently, because X changes its keys: names in any case, values with spaces or a fraction
/// (<c>"1700000000.0"</c>), resets in Unix seconds or milliseconds. A set whose remaining or reset is
/// missing or unreadable is ignored rather than guessed; the limit alone is optional because only
/// remaining and reset decide anything. <see cref="UnknownLimitHeaders"/> names what it doesn't know.
/// </summary>
public static class XRateLimitHeaders
{
    private static readonly (XRateLimitScope Scope, string Prefix)[] Sets =
    [
        (XRateLimitScope.Endpoint, "x-rate-limit-"),
        (XRateLimitScope.Endpoint, "x-ratelimit-"),
        (XRateLimitScope.User24Hour, "x-user-limit-24hour-"),
        (XRateLimitScope.App24Hour, "x-app-limit-24hour-"),
        (XRateLimitScope.Account, "x-account-rate-limit-"),
    ];

    private static readonly string[] Parts = ["limit", "remaining", "reset"];

    /// <summary>Milliseconds rather than seconds: no Unix-seconds value reaches this before the year 5138.</summary>
    private const long MillisecondsThreshold = 100_000_000_000;

    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31, the largest DateTimeOffset accepts

    public static IReadOnlyList<XRateLimitWindow> Parse(HttpResponseHeaders headers) =>
        Parse(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);

    /// <summary>Parses from any header lookup (case-insensitive names are the lookup's job).</summary>
    public static IReadOnlyList<XRateLimitWindow> Parse(Func<string, string?> header)
    {
        var windows = new List<XRateLimitWindow>(Sets.Length);
        foreach (var (scope, prefix) in Sets)
        {
            if (windows.Any(w => w.Scope == scope))
            {
                continue;
            }
            var remaining = ParseCount(header(prefix + "remaining"));
            var reset = ParseCount(header(prefix + "reset"));
            if (remaining is null || reset is null)
            {
                continue;
            }
            var limit = ParseCount(header(prefix + "limit"));
            var resetSeconds = reset.Value >= MillisecondsThreshold ? reset.Value / 1000 : reset.Value;
            windows.Add(new XRateLimitWindow(scope, limit is { } l ? Clamp(l) : null, Clamp(remaining.Value),
                DateTimeOffset.FromUnixTimeSeconds(Math.Min(resetSeconds, MaxUnixSeconds))));
        }
        return windows;
    }

    /// <summary>Headers that look like a rate limit (<c>x-*limit*</c>) but that this parser doesn't read, lower-cased.</summary>
    public static IReadOnlyList<string> UnknownLimitHeaders(IEnumerable<string> names) =>
        names.Select(n => n.ToLowerInvariant())
            .Where(n => n.StartsWith("x-", StringComparison.Ordinal) && n.Contains("limit", StringComparison.Ordinal))
            .Where(n => !Sets.Any(s => Parts.Any(p => n == s.Prefix + p)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The standard <c>Retry-After</c> header as a delay, when X sends one (it usually relies on the reset headers).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>A non-negative whole number, allowing surrounding spaces, quotes and a fractional part (which is dropped).</summary>
    private static long? ParseCount(string? value)
    {
        var text = value?.Trim().Trim('"').Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction <= long.MaxValue
            ? (long)decimal.Truncate(fraction)
            : null;
    }

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue);
}
