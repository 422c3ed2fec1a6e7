using System.Text.RegularExpressions;

namespace XBot.XSimulator.Simulation;

/// <summary>
/// Puts a post in a topic by its words: a keyword starting with "#" must appear as that hashtag, any other
/// keyword as a phrase on word boundaries, case-insensitively. Topics are tried in name order, so the
/// result doesn't depend on configuration order; a post matching none is in <see cref="GroundTruth.DefaultTopic"/>.
/// </summary>
public static partial class TopicClassifier
{
    public static string Classify(string text, GroundTruth truth)
    {
        var hashtags = Hashtag().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        foreach (var topic in truth.Topics)
        {
            foreach (var keyword in topic.Keywords)
            {
                var matched = keyword.StartsWith('#')
                    ? hashtags.Contains(keyword.ToLowerInvariant())
                    : Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(keyword)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                if (matched)
                {
                    return topic.Name;
                }
            }
        }
        return GroundTruth.DefaultTopic;
    }

    [GeneratedRegex(@"#[\p{L}\p{N}_]+")]
    private static partial Regex Hashtag();
}
