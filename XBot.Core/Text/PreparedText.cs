namespace XBot.Core.Text;

/// <summary>
/// A candidate's text after preparation (runbooks §8): normalised, fingerprinted, measured. Problems name
/// each rule the text breaks; an empty list means the length and hashtag rules hold. <see cref="Hash"/>
/// is null when the text has nothing to compare (<see cref="ContentFingerprint.IsCheckable"/>).
/// </summary>
public sealed record PreparedText(
    string Text,
    string? Hash,
    int WeightedLength,
    IReadOnlyList<string> Hashtags,
    IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>Normalises <paramref name="rawText"/>, hashes it and checks it against the length and hashtag rules.</summary>
    public static PreparedText From(string? rawText, int maxHashtags = PostTextRules.DefaultMaxHashtags)
    {
        PostTextRules.EnsureMaxHashtags(maxHashtags);
        var text = TextNormalizer.Normalize(rawText);
        var length = XBot.Core.Text.WeightedLength.Of(text);
        var hashtags = Extract.Hashtags(text);

        var problems = new List<string>();
        if (!PostTextRules.IsValidLength(length))
        {
            problems.Add($"weighted length is {length}; a post needs {PostTextRules.MinWeightedLength} to {PostTextRules.MaxWeightedLength}");
        }
        if (hashtags.Count > maxHashtags)
        {
            problems.Add($"{hashtags.Count} hashtags; max_hashtags is {maxHashtags}");
        }
        return new PreparedText(text, ContentFingerprint.Of(text).Hash, length, hashtags, problems);
    }
}
