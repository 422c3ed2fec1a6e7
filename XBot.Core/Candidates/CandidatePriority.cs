namespace XBot.Core.Candidates;

/// <summary>
/// A candidate's priority (runbooks §8): fresher is better, boosted by topic, media and the evening
/// peak (18–22 h local). Pure, so the scheduler can recompute it at pick time with the current hour.
/// </summary>
public static class CandidatePriority
{
    public static double Compute(
        DateTimeOffset createdAt,
        double topicBoost,
        bool hasMedia,
        DateTimeOffset now,
        int localHour,
        CandidateOptions options)
    {
        var age = now - createdAt;
        var recency = age <= TimeSpan.Zero ? 1.0 : Math.Max(0, 1 - age / options.Expiry);
        return 1.0
               + 0.5 * recency
               + topicBoost
               + (hasMedia ? options.MediaBoost : 0)
               + (options.PeakHours.Contains(localHour) ? options.PeakHourBoost : 0);
    }
}
