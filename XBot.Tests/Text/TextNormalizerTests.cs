using XBot.Core.Text;

namespace XBot.Tests.Text;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("  Hello   world  ", "Hello world")]
    [InlineData("a\tb\u00A0c\u3000d\u2003e", "a b c d e")]
    [InlineData("line one\r\nline two\rline three", "line one\nline two\nline three")]
    [InlineData("para one\n\n\n\n\npara two", "para one\n\npara two")]
    [InlineData("end of line   \n   start of line", "end of line\nstart of line")]
    [InlineData("\n\n  leading and trailing  \n\n", "leading and trailing")]
    [InlineData("cafe\u0301", "café")]
    [InlineData("zero\u200Bwidth\u2060joined\u00ADsoft\uFEFFbom", "zerowidthjoinedsoftbom")]
    [InlineData("bell\u0007 and null\u0000", "bell and null")]
    [InlineData("family 👨\u200D👩\u200D👧 stays", "family 👨\u200D👩\u200D👧 stays")]
    [InlineData("می\u200Cخواهم", "می\u200Cخواهم")]
    [InlineData("ｆｕｌｌ ｗｉｄｔｈ stays", "ｆｕｌｌ ｗｉｄｔｈ stays")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalises_whitespace_and_unicode(string? input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Replaces_an_unpaired_surrogate()
    {
        // A fact, not theory data: xunit's serialisation of theory arguments can't carry unpaired surrogates.
        Assert.Equal("lone \uFFFD surrogate and 😀", TextNormalizer.Normalize("lone \uD800 surrogate and 😀"));
    }

    [Theory]
    [InlineData("  Hello   world  \r\n\r\n\r\nagain")]
    [InlineData("e\u0301\u0323 \u1E0B\u0323 Å")]
    [InlineData("tab\there\u2028and\u2029there")]
    public void Is_idempotent(string input)
    {
        var once = TextNormalizer.Normalize(input);

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }
}
