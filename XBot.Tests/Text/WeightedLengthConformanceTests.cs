using XBot.Core.Text;

namespace XBot.Tests.Text;

/// <summary>twitter-text's weighted-length cases (validate.yml): v2 and v3 configurations, every field of parseTweet.</summary>
public class WeightedLengthConformanceTests
{
    public static TheoryData<string, string> Cases => ConformanceData.Cases("validate", skipped: null,
        "WeightedTweetsCounterTest", "WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_like_twitter_text(string section, string description)
    {
        var item = ConformanceData.Case("validate", section, description);
        var config = section == "WeightedTweetsCounterTest" ? TwitterTextConfig.V2 : TwitterTextConfig.V3;
        var expected = (YamlDotNet.RepresentationModel.YamlMappingNode)ConformanceData.Node(item, "expected");

        var result = WeightedLength.Parse(ConformanceData.Scalar(item, "text"), config);

        Assert.Equal(
            new WeightedLengthResult(
                ConformanceData.Int(expected, "weightedLength"),
                ConformanceData.Bool(expected, "valid"),
                ConformanceData.Int(expected, "permillage"),
                ConformanceData.Int(expected, "validRangeStart"),
                ConformanceData.Int(expected, "validRangeEnd"),
                ConformanceData.Int(expected, "displayRangeStart"),
                ConformanceData.Int(expected, "displayRangeEnd")),
            result);
    }

    [Fact]
    public void The_conformance_file_holds_every_copied_case()
    {
        // Guards against a YAML edit that silently drops cases: 20 v2, 23 v3 and 2 directional-marker cases.
        Assert.Equal(20, ConformanceData.Section("validate", "WeightedTweetsCounterTest").Count());
        Assert.Equal(23, ConformanceData.Section("validate", "WeightedTweetsWithDiscountedEmojiCounterTest").Count());
        Assert.Equal(2, ConformanceData.Section("validate", "UnicodeDirectionalMarkerCounterTest").Count());
    }
}
