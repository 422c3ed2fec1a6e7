namespace XBot.Core.Text;

/// <summary>The dedup hash of a post (runbooks §8): <see cref="ContentFingerprint"/>'s hash, for callers that know their text has one.</summary>
public static class ContentHash
{
    /// <summary>The fingerprint hash; a text with nothing to compare (only links, mentions, hashtags, punctuation) has none and throws.</summary>
    public static string Compute(string? text) =>
        ContentFingerprint.Of(text).Hash
        ?? throw new ArgumentException("the text has nothing to compare after removing links, mentions, hashtags and punctuation, so it has no dedup hash.", nameof(text));
}
