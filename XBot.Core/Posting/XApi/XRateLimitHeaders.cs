using System.Globalization;
using System.Net.Http.Headers;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Reads X's rate-limit headers: <c>x-rate-limit-{limit,remaining,reset}</c>,
/// <c>x-user-limit-24hour-{limit,remaining,reset}</c> and <c>x-app-limit-24hour-{limit,remaining,reset}</c>.
/// Resets are Unix seconds. A set whose remaining or reset is missing or malformed is ignored rather
/// than guessed; the limit alone is optional because only remaining and reset decide anything.
/// </summary>
public static class XRateLimitHeaders
{
    private static readonly (XRateLimitScope Scope, string Prefix)[] Sets =
    [
        (XRateLimitScope.Endpoint, "x-rate-limit-"),
        (XRateLimitScope.User24Hour, "x-user-limit-24hour-"),
        (XRateLimitScope.App24Hour, "x-app-limit-24hour-"),
    ];

    public static IReadOnlyList<XRateLimitWindow> Parse(HttpResponseHeaders headers) =>
        Parse(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);

    /// <summary>Parses from any header lookup (case-insensitive names are the lookup's job).</summary>
    public static IReadOnlyList<XRateLimitWindow> Parse(Func<string, string?> header)
    {
        var windows = new List<XRateLimitWindow>(Sets.Length);
        foreach (var (scope, prefix) in Sets)
        {
            var remaining = ParseCount(header(prefix + "remaining"));
            var reset = ParseCount(header(prefix + "reset"));
            if (remaining is null || reset is null)
            {
                continue;
            }
            var limit = ParseCount(header(prefix + "limit"));
            windows.Add(new XRateLimitWindow(scope, limit is { } l ? Clamp(l) : null, Clamp(remaining.Value),
                DateTimeOffset.FromUnixTimeSeconds(Math.Min(reset.Value, MaxUnixSeconds))));
        }
        return windows;
    }

    /// <summary>The standard <c>Retry-After</c> header as a delay, when X sends one (it usually relies on the reset headers).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static long? ParseCount(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue);

    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31, the largest DateTimeOffset accepts
}
