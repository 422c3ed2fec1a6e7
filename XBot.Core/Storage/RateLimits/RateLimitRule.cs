namespace XBot.Core.Storage.RateLimits;

/// <summary>How a window moves.</summary>
public enum RateLimitWindow
{
    /// <summary>At most Limit events in any span of Window (a log of event times). The posting caps use it.</summary>
    Sliding,

    /// <summary>At most Limit events per aligned block of Window (time / Window), like API quota windows.</summary>
    Fixed,
}

/// <summary>
/// A named limit: at most <see cref="Limit"/> events per <see cref="Window"/>. A check never moves a
/// window: a sliding window is defined by the admitted events' own times, a fixed one by the clock.
/// </summary>
public sealed record RateLimitRule(string Name, int Limit, TimeSpan Window, RateLimitWindow Kind = RateLimitWindow.Sliding)
{
    public const int MaxLimit = 1_000_000;
    public static readonly TimeSpan MinWindow = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public long WindowMs => (long)Window.TotalMilliseconds;

    public string KindText => Kind == RateLimitWindow.Sliding ? "sliding" : "fixed";

    /// <summary>Throws an error naming the rule and the allowed range when the rule can't be used.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > 64 || !Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.'))
        {
            throw new ArgumentException($"rate limit name '{Name}' must be 1-64 characters of a-z, 0-9, '_', '-' or '.'.");
        }
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"rate limit {Name}: limit must be from 1 to {MaxLimit}; got {Limit}.");
        }
        if (Window < MinWindow || Window > MaxWindow || Window.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"rate limit {Name}: window must be whole milliseconds from {MinWindow.TotalMilliseconds} ms to {MaxWindow.TotalDays} days; got {Window}.");
        }
    }

    /// <summary>The fixed window that contains <paramref name="nowMs"/>: its index, start and end (ms since the epoch).</summary>
    public (long Index, long StartMs, long EndMs) FixedWindowAt(long nowMs)
    {
        var index = nowMs / WindowMs;
        return (index, index * WindowMs, (index + 1) * WindowMs);
    }
}

/// <summary>The posting caps of runbooks.md §2.2 and §5; their limits come from <c>bot_config.rate_limits</c>.</summary>
public static class RateLimitRules
{
    public const string DailyTweets = "daily_tweets";
    public const string HourlyTweets = "hourly_tweets";

    public static readonly TimeSpan DailyWindow = TimeSpan.FromSeconds(86_400);
    public static readonly TimeSpan HourlyWindow = TimeSpan.FromSeconds(3_600);

    public static RateLimitRule Daily(int limit) => new(DailyTweets, limit, DailyWindow);

    public static RateLimitRule Hourly(int limit) => new(HourlyTweets, limit, HourlyWindow);
}
