using XBot.Core.Text;

namespace XBot.Tests.Text;

public class PostTextRulesTests
{
    [Theory]
    [InlineData("123456789", 9, false)]
    [InlineData("1234567890", 10, true)]
    [InlineData("日本語のテス", 12, true)]          // CJK counts 2
    [InlineData("日本語の", 8, false)]
    [InlineData("😀😀😀😀😀", 10, true)]           // every emoji counts 2
    [InlineData("👨\u200D👩\u200D👧\u200D👦 ok", 5, false)] // a ZWJ family is one emoji
    public void Length_is_ten_to_280_weighted(string text, int weighted, bool valid)
    {
        Assert.Equal(weighted, WeightedLength.Of(text));
        Assert.Equal(valid, PostTextRules.IsValidLength(text));
    }

    [Fact]
    public void The_limit_is_280_and_a_url_counts_23_whatever_its_length()
    {
        Assert.True(PostTextRules.IsValidLength(new string('a', 280)));
        Assert.False(PostTextRules.IsValidLength(new string('a', 281)));

        var longUrl = "https://example.com/" + new string('p', 400);
        Assert.Equal(23 + 6, WeightedLength.Of("Read: " + longUrl));
        Assert.True(PostTextRules.IsValidLength("Read: " + longUrl));
        Assert.Equal(23 + 6, WeightedLength.Of("Read: example.com/" + new string('p', 400)));
    }

    [Theory]
    [InlineData("#️⃣ keycap", 2 + 7)]
    [InlineData("🇺🇸", 2)]
    [InlineData("👍🏽", 2)]
    [InlineData("🏳️\u200D🌈", 2)]
    [InlineData("🧑\u200D🤝\u200D🧑", 2)]   // newer than twitter-text's emoji list, which counts 8
    [InlineData("❤️\u200D🔥", 2)]          // likewise (twitter-text: 5)
    [InlineData("©", 1)]                   // text unless VS16 asks for the emoji
    [InlineData("©️", 2)]
    [InlineData("✌︎", 4)]                  // VS15 asks for text: two characters of weight 2
    [InlineData("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", 2)]
    public void Emoji_sequences_count_two(string text, int weighted) => Assert.Equal(weighted, WeightedLength.Of(text));

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Max_hashtags_must_be_one_to_five(int maxHashtags)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PostTextRules.IsWithinHashtagLimit(1, maxHashtags));
        Assert.Contains("max_hashtags", error.Message);
    }

    [Fact]
    public void Preparation_normalises_hashes_and_names_each_broken_rule()
    {
        var ok = PreparedText.From("  Shipping   today #release #dotnet  ", maxHashtags: 3);
        Assert.True(ok.IsValid);
        Assert.Equal("Shipping today #release #dotnet", ok.Text);
        Assert.Equal(ContentHash.Compute("Shipping today #release #dotnet"), ok.Hash);
        Assert.Equal(["release", "dotnet"], ok.Hashtags);
        Assert.Equal(31, ok.WeightedLength);

        var bad = PreparedText.From("#a #b #c", maxHashtags: 2);
        Assert.False(bad.IsValid);
        Assert.Equal(2, bad.Problems.Count);
        Assert.Contains(bad.Problems, p => p.Contains("weighted length is 8"));
        Assert.Contains(bad.Problems, p => p.Contains("3 hashtags; max_hashtags is 2"));
    }
}
