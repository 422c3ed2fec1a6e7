using XBot.Core.Text;
using YamlDotNet.RepresentationModel;

namespace XBot.Tests.Text;

/// <summary>twitter-text's extraction cases (extract.yml): URLs, hashtags and mentions, with and without indices.</summary>
public class ExtractConformanceTests
{
    /// <summary>
    /// Cases left out, with the reason. Kept small: each one is a place where the conformance file and
    /// twitter-text's own JavaScript implementation (3.1.0) disagree, and XBot follows the implementation.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Skipped = new Dictionary<string, string>
    {
        ["Extract a hyphenated TLD (usually a typo)"] =
            "twitter-text's TLD rule refuses a TLD followed by '-', so its JavaScript 3.1.0 extracts nothing from " +
            "'http://domain.com-that-you-...'; the conformance file still expects 'http://domain.com'.",
    };

    public static TheoryData<string, string> StringListCases =>
        ConformanceData.Cases("extract", Skipped, "mentions", "urls", "tco_urls_with_params", "hashtags", "hashtags_from_astral");

    public static TheoryData<string, string> IndexedCases =>
        ConformanceData.Cases("extract", Skipped, "mentions_with_indices", "mentions_or_lists_with_indices",
            "urls_with_indices", "urls_with_directional_markers", "hashtags_with_indices");

    [Theory]
    [MemberData(nameof(StringListCases))]
    public void Extracts_like_twitter_text(string section, string description)
    {
        var item = ConformanceData.Case("extract", section, description);
        var text = ConformanceData.Scalar(item, "text");

        IReadOnlyList<string> actual = section switch
        {
            "mentions" => Extract.Mentions(text),
            "urls" or "tco_urls_with_params" => Extract.Urls(text),
            _ => Extract.Hashtags(text),
        };

        Assert.Equal(ConformanceData.Strings(item, "expected"), actual);
    }

    [Theory]
    [MemberData(nameof(IndexedCases))]
    public void Extracts_with_indices_like_twitter_text(string section, string description)
    {
        var item = ConformanceData.Case("extract", section, description);
        var text = ConformanceData.Scalar(item, "text");
        var expected = ((YamlSequenceNode)ConformanceData.Node(item, "expected")).Children.Cast<YamlMappingNode>()
            .Select(e => Describe(e))
            .ToList();

        var actual = section switch
        {
            "mentions_with_indices" => Extract.MentionsWithIndices(text).Select(m => $"screen_name={m.Value} [{m.Start},{m.End}]"),
            "mentions_or_lists_with_indices" => Extract.MentionsOrListsWithIndices(text)
                .Select(m => $"screen_name={m.ScreenName} list_slug={m.ListSlug} [{m.Start},{m.End}]"),
            "hashtags_with_indices" => Extract.HashtagsWithIndices(text).Select(h => $"hashtag={h.Value} [{h.Start},{h.End}]"),
            _ => Extract.UrlsWithIndices(text).Select(u => $"url={u.Value} [{u.Start},{u.End}]"),
        };

        Assert.Equal(expected, actual.ToList());
    }

    [Fact]
    public void Skipped_cases_exist_and_follow_twitter_text_javascript()
    {
        var item = ConformanceData.Case("extract", "urls", "Extract a hyphenated TLD (usually a typo)");
        Assert.Single(Skipped);
        Assert.Empty(Extract.Urls(ConformanceData.Scalar(item, "text")));
    }

    private static string Describe(YamlMappingNode entity)
    {
        var indices = ((YamlSequenceNode)ConformanceData.Node(entity, "indices")).Children.Cast<YamlScalarNode>().Select(s => s.Value).ToArray();
        var fields = entity.Children
            .Where(kv => ((YamlScalarNode)kv.Key).Value != "indices")
            .Select(kv => $"{((YamlScalarNode)kv.Key).Value}={((YamlScalarNode)kv.Value).Value}");
        return $"{string.Join(' ', fields)} [{indices[0]},{indices[1]}]";
    }
}
