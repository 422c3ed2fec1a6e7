namespace XBot.Core.Scheduling;

/// <summary>
/// The scheduling cycle's gates (runbooks.md §8) as pure functions of values, so each is tested
/// exhaustively with a fake clock. The cycle applies them in order and records the first that closes.
/// </summary>
public static class SchedulingGates
{
    /// <summary>True when <paramref name="now"/> falls in one of the quiet hours of <paramref name="timeZone"/>.</summary>
    public static bool IsQuietHour(DateTimeOffset now, TimeZoneInfo timeZone, IReadOnlyCollection<int> quietHours) =>
        quietHours.Contains(TimeZoneInfo.ConvertTime(now, timeZone).Hour);

    /// <summary>When posting may resume after the quiet hours, in UTC (the next hour that is not quiet).</summary>
    public static DateTimeOffset QuietUntil(DateTimeOffset now, TimeZoneInfo timeZone, IReadOnlyCollection<int> quietHours)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var hourStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
        for (var i = 1; i <= 24; i++)
        {
            var candidate = TimeZoneInfo.ConvertTime(hourStart.AddHours(i), timeZone);
            if (!quietHours.Contains(candidate.Hour))
            {
                return candidate.ToUniversalTime();
            }
        }
        return DateTimeOffset.MaxValue;
    }

    /// <summary>The time left before the minimum interval since the last post has passed; zero when it has.</summary>
    public static TimeSpan IntervalRemaining(DateTimeOffset now, DateTimeOffset? lastPost, TimeSpan minimumInterval)
    {
        if (lastPost is null)
        {
            return TimeSpan.Zero;
        }
        var remaining = lastPost.Value + minimumInterval - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>
    /// The <c>post_fraction</c> gate: a pick really posts when a uniform draw in [0, 1) is below the
    /// fraction, so 0 never posts and 1 always does.
    /// </summary>
    public static bool PassesPostFraction(double postFraction, double uniformDraw) => uniformDraw < postFraction;
}
