using XBot.Core.Storage.Dedup;

namespace XBot.Tests.Storage;

public sealed class ContentNormalizerTests
{
    [Theory]
    [InlineData("Hello World", "hello world")]
    [InlineData("  Hello \t\n World  ", "hello world")]
    [InlineData("Hello\u00A0World", "hello world")]                 // no-break space
    [InlineData("Hello\u2003\u2003World", "hello world")]           // em spaces
    [InlineData("ＨＥＬＬＯ　ｗｏｒｌｄ", "hello world")]            // full-width letters and space (NFKC)
    [InlineData("ﬁne ﬂow", "fine flow")]                             // ligatures (NFKC)
    [InlineData("Hel\u200Blo Wor\u200Dld\uFEFF", "hello world")]     // zero-width space, joiner, BOM
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("Cafe\u0301", "café")]                               // combining accent composes (NFKC)
    [InlineData("STRASSE straße", "strasse strasse")]                // ß folds to ss
    [InlineData("ΟΔΟΣ", "οδοσ")]                                     // final sigma folds to sigma
    [InlineData("①②", "12")]
    [InlineData("Check https://Example.com/A", "check https://example.com/a")]
    public void Normalizes(string text, string expected) =>
        Assert.Equal(expected, ContentNormalizer.Normalize(text));

    [Theory]
    [InlineData("New release is out!", "new RELEASE   is out!")]
    [InlineData("New release is out!", "ｎｅｗ release is\tout!")]
    [InlineData("New release is out!", "New re\u200Blease is out!\n")]
    public void Variants_of_one_text_share_a_hash(string a, string b)
    {
        var first = ContentNormalizer.Fingerprint(a);
        var second = ContentNormalizer.Fingerprint(b);
        Assert.NotNull(first.Hash);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Theory]
    [InlineData("New release is out!", "New release is out?")]
    [InlineData("Read this https://a.example", "Read this https://b.example")]
    [InlineData("Ship it #dotnet", "Ship it #rust")]
    [InlineData("release 1", "release 2")]
    public void Different_texts_have_different_hashes(string a, string b) =>
        Assert.NotEqual(ContentNormalizer.Fingerprint(a).Hash, ContentNormalizer.Fingerprint(b).Hash);

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("\u200B\u200B")]
    [InlineData("https://example.com/some/path")]
    [InlineData("  https://a.example  http://b.example/x?y=1 www.c.example ")]
    [InlineData("#dotnet #csharp")]
    [InlineData("@someone @other")]
    [InlineData("https://example.com #news @editor")]
    [InlineData("... !!! ???")]
    [InlineData("https://example.com — ...")]
    public void Texts_with_nothing_to_compare_are_not_checkable(string text)
    {
        var fingerprint = ContentNormalizer.Fingerprint(text);
        Assert.False(fingerprint.IsCheckable);
        Assert.Null(fingerprint.Hash);
    }

    [Theory]
    [InlineData("Read this https://example.com")]
    [InlineData("#dotnet 10 is out")]
    [InlineData("🚀🚀")]
    [InlineData("42")]
    [InlineData("mail me at someone@example.com")]
    public void Texts_with_words_numbers_or_symbols_are_checkable(string text) =>
        Assert.True(ContentNormalizer.Fingerprint(text).IsCheckable);

    [Fact]
    public void Two_different_bare_links_are_never_the_same_duplicate()
    {
        // The old bot stripped links and hashed what was left: every link-only post hashed to "" and
        // was a duplicate of every other. Here neither has a hash at all.
        Assert.Null(ContentNormalizer.Fingerprint("https://a.example").Hash);
        Assert.Null(ContentNormalizer.Fingerprint("https://b.example").Hash);
    }
}
