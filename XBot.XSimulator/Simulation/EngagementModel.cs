namespace XBot.XSimulator.Simulation;

/// <summary>A post's public metrics at one moment, in X's field names' order.</summary>
public sealed record SimMetrics(long RetweetCount, long ReplyCount, long LikeCount, long QuoteCount, long BookmarkCount, long ImpressionCount)
{
    public long Engagements => LikeCount + RetweetCount + ReplyCount + QuoteCount;
}

/// <summary>
/// The ground-truth engagement model, as pure functions of the truth, the post and the time.
/// Everything random is drawn from a generator seeded by (seed, post sequence), so reading a post's
/// metrics twice at the same age gives the same numbers, and counts never go down as the post ages.
/// </summary>
public static class EngagementModel
{
    // How a post's engagements split into kinds; they sum to 1, so likes+reposts+replies+quotes = rate × impressions.
    private const double LikeShare = 0.70;
    private const double RetweetShare = 0.15;
    private const double ReplyShare = 0.10;
    private const double QuoteShare = 0.05;
    private const double BookmarksPerEngagement = 0.2;

    /// <summary>The rate the truth gives a post of <paramref name="topic"/> posted at <paramref name="postedAt"/>, before noise.</summary>
    public static double ExpectedRate(GroundTruth truth, string topic, DateTimeOffset postedAt)
    {
        var topicTruth = truth.Topic(topic);
        var hour = TimeZoneInfo.ConvertTime(postedAt, truth.TimeZone).Hour;
        return Math.Clamp(topicTruth.Rate * topicTruth.HourMultipliers[hour], 0, 1);
    }

    public static SimMetrics Metrics(GroundTruth truth, int seed, SimPost post, DateTimeOffset now)
    {
        var random = DeterministicRandom.For(seed, post.Sequence);
        var rate = Math.Clamp(ExpectedRate(truth, post.Topic, post.CreatedAt) * random.NextLogNormalFactor(truth.RateNoise), 0, 1);
        var reach = truth.MedianReach * random.NextLogNormalFactor(truth.ReachNoise);

        var ageHours = Math.Max(0, (now - post.CreatedAt).TotalHours) * truth.TimeScale;
        var impressions = Math.Floor(reach * (1 - Math.Pow(2, -ageHours / truth.ReachHalfLifeHours)));
        var engagements = impressions * rate;
        return new SimMetrics(
            RetweetCount: (long)Math.Floor(engagements * RetweetShare),
            ReplyCount: (long)Math.Floor(engagements * ReplyShare),
            LikeCount: (long)Math.Floor(engagements * LikeShare),
            QuoteCount: (long)Math.Floor(engagements * QuoteShare),
            BookmarkCount: (long)Math.Floor(engagements * BookmarksPerEngagement),
            ImpressionCount: (long)impressions);
    }
}
