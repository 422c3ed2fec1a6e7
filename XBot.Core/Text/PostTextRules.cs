namespace XBot.Core.Text;

/// <summary>
/// The length and hashtag rules of a post (runbooks §2.2 and §8): 10-280 in X's weighted count
/// (twitter-text v3) and at most <c>max_hashtags</c> hashtags, where <c>max_hashtags</c> is 1-5.
/// </summary>
public static class PostTextRules
{
    public const int MinWeightedLength = 10;
    public const int MaxWeightedLength = 280;
    public const int MinMaxHashtags = 1;
    public const int MaxMaxHashtags = 5;
    public const int DefaultMaxHashtags = 3;

    public static bool IsValidLength(string text) => IsValidLength(WeightedLength.Of(text));

    public static bool IsValidLength(int weightedLength) => weightedLength is >= MinWeightedLength and <= MaxWeightedLength;

    public static bool IsWithinHashtagLimit(int hashtagCount, int maxHashtags)
    {
        EnsureMaxHashtags(maxHashtags);
        return hashtagCount <= maxHashtags;
    }

    /// <summary>Refuses a <c>max_hashtags</c> outside 1-5, naming the key and its range.</summary>
    public static void EnsureMaxHashtags(int maxHashtags)
    {
        if (maxHashtags is < MinMaxHashtags or > MaxMaxHashtags)
        {
            throw new ArgumentOutOfRangeException(nameof(maxHashtags), maxHashtags,
                $"max_hashtags is {maxHashtags}; use a whole number from {MinMaxHashtags} to {MaxMaxHashtags}.");
        }
    }
}
