using XBot.Core.Text;

namespace XBot.Core.Safety.Checks;

/// <summary>X's length limit and the <c>max_hashtags</c> setting, by twitter-text v3 rules (runbooks §2.2, §8).</summary>
public static class LimitChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input)
    {
        if (!PostTextRules.IsValidLength(input.WeightedLength))
        {
            yield return new Finding(SafetyRules.Length,
                $"weighted length is {input.WeightedLength}; a post needs {PostTextRules.MinWeightedLength} to {PostTextRules.MaxWeightedLength}");
        }
        if (input.Hashtags.Count > input.MaxHashtags)
        {
            yield return new Finding(SafetyRules.Hashtags, $"{input.Hashtags.Count} hashtags; max_hashtags is {input.MaxHashtags}");
        }
    }
}
