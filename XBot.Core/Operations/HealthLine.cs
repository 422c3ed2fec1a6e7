using System.Globalization;

namespace XBot.Core.Operations;

/// <summary>What the health one-liner says (runbooks.md §10), gathered by <see cref="HealthProbe"/>.</summary>
public sealed record HealthFigures(
    DateTimeOffset At,
    bool RedisOk,
    bool DatabaseOk,
    long QueueDepth,
    long Bandits,
    DateTimeOffset? LastPostAt,
    long PostsLastHour)
{
    /// <summary>Beyond this without a post the line turns WARNING (runbooks.md §10).</summary>
    public static readonly TimeSpan QuietWarning = TimeSpan.FromHours(6);

    /// <summary>
    /// UNHEALTHY when PostgreSQL (the source of truth) is unreachable; DEGRADED when only Redis is (the
    /// store serves from PostgreSQL); WARNING when nothing was posted for more than 6 h; else HEALTHY.
    /// </summary>
    public string Status =>
        !DatabaseOk ? "UNHEALTHY"
        : !RedisOk ? "DEGRADED"
        : NoPostWarning ? "WARNING"
        : "HEALTHY";

    /// <summary>No post for more than 6 h, or none ever; a fresh install with no post yet is not a warning.</summary>
    public bool NoPostWarning => LastPostAt is { } last && At - last > QuietWarning;
}

/// <summary>
/// The one-liner, exactly: <c>[2026-01-01T09:00:00Z] xBOT Health: HEALTHY | Redis:✅ | DB:✅ | Queue:25 | Bandits:12 | LastPost:2h | Posts/h:0</c>.
/// </summary>
public static class HealthLine
{
    public static string Format(HealthFigures figures) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{figures.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}] xBOT Health: {figures.Status} | Redis:{Mark(figures.RedisOk)} | DB:{Mark(figures.DatabaseOk)} | Queue:{figures.QueueDepth} | Bandits:{figures.Bandits} | LastPost:{Age(figures.At, figures.LastPostAt)} | Posts/h:{figures.PostsLastHour}");

    private static string Mark(bool ok) => ok ? "✅" : "❌";

    /// <summary><c>none</c> before the first post; whole minutes under an hour, whole hours under two days, then days.</summary>
    public static string Age(DateTimeOffset now, DateTimeOffset? last)
    {
        if (last is not { } at)
        {
            return "none";
        }
        var age = now - at;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age < TimeSpan.FromHours(1) ? $"{(int)age.TotalMinutes}m"
            : age < TimeSpan.FromHours(48) ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
