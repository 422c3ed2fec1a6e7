namespace XBot.Core.Learning;

/// <summary>
/// The reward of runbooks §9. A post's engagement rate at the reward age (with enough impressions to mean
/// anything) is compared with the account's baseline (median rate of the last 7 days):
/// r = rate / (rate + baseline). At the baseline r is 0.5, twice the baseline 0.67, nothing 0; it is in
/// [0, 1) without clipping, so it can feed a fractional Beta update.
/// </summary>
public static class EngagementReward
{
    /// <summary>The baseline when the account has no history in the window.</summary>
    public const double DefaultBaseline = 0.03;

    /// <summary>Engagement rate per runbooks §3: (likes + retweets + replies + quotes + bookmarks) / impressions.</summary>
    public static double? Rate(long likes, long retweets, long replies, long quotes, long bookmarks, long impressions) =>
        impressions <= 0 ? null : (double)(likes + retweets + replies + quotes + bookmarks) / impressions;

    public static double Reward(double rate, double baseline)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseline);
        return rate / (rate + baseline);
    }
}
