using XBot.Core.Text;

namespace XBot.Tests.Text;

/// <summary>The one fingerprint: what a reader calls the same post has one hash; anything else does not.</summary>
public sealed class ContentFingerprintTests
{
    [Theory]
    [InlineData("Hello World", "hello world")]
    [InlineData("  Hello \t\n World  ", "hello world")]
    [InlineData("Hello\u00A0World", "hello world")]                 // no-break space
    [InlineData("ＨＥＬＬＯ　ｗｏｒｌｄ", "hello world")]            // full-width letters and space
    [InlineData("ﬁne ﬂow", "fine flow")]                             // ligatures
    [InlineData("Hel\u200Blo Wor\u200Dld\uFEFF", "hello world")]     // zero-width space, joiner, BOM
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("Cafe\u0301 and café", "cafe and cafe")]             // combining marks go
    [InlineData("STRASSE straße", "strasse strasse")]                // ß folds to ss
    [InlineData("сlаim yоur prizе", "claim your prize")]            // Cyrillic с, а, о, е look Latin
    [InlineData("ΑΡΙ ΚΕΥ", "api key")]                                // and Greek capitals
    [InlineData("\u13DF\u13DE\u13AA\u13A5\u13B7 \uA4EE \uA4DF\u2C9E\uA4E0\u13AC\u13BD", "claim a money")] // Cherokee, Lisu, Coptic (UTS #39)
    [InlineData("Big news!!!", "big news")]                          // punctuation at the end goes
    [InlineData("Read this https://Example.com/A #news @editor", "read this")]
    [InlineData("①②", "12")]
    public void Skeleton_sets_aside_what_readers_do_not_see_as_different(string text, string expected) =>
        Assert.Equal(expected, ContentFingerprint.Of(text).Skeleton);

    [Theory]
    [InlineData("New release is out", "New release is out.")]
    [InlineData("New release is out", "New release is out!")]
    [InlineData("New release is out", "New release is out https://example.com/r")]
    [InlineData("New release is out", "New release is out #dotnet")]
    [InlineData("New release is out", "@someone New release is out")]
    [InlineData("New release is out", "Nеw rеlеasе is оut")]                  // Cyrillic е and о
    [InlineData("New release is out", "new RELEASE   is out")]
    [InlineData("New release is out", "ｎｅｗ release is\tout")]
    [InlineData("New release is out", "New re\u200Blease is out\n")]
    [InlineData("New release is out", "New re\u200Dle\u034Fase\uFE0F is o\u0301ut")] // ZWJ, CGJ, VS16, a combining accent
    [InlineData("New release is out", "New release is out \u2062")]
    [InlineData("Бесплатные деньги для всех", "БЕСПЛАТНЫЕ ДЕНЬГИ ДЛЯ ВСЕХ")]   // case pairs fold alike in every script
    [InlineData("Βιβλίο της χρονιάς", "ΒΙΒΛΊΟ ΤΗΣ ΧΡΟΝΙΆΣ")]
    public void Variants_of_one_text_share_a_hash(string a, string b)
    {
        var first = ContentFingerprint.Of(a);
        var second = ContentFingerprint.Of(b);
        Assert.NotNull(first.Hash);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Theory]
    [InlineData("New release is out", "New release is not out")]
    [InlineData("release 1", "release 2")]
    [InlineData("version 10", "version lo")]           // digits are not letters here: that is the safety guard's business
    [InlineData("Wait. What", "Wait what")]            // only punctuation at the end is set aside
    public void Different_texts_have_different_hashes(string a, string b) =>
        Assert.NotEqual(ContentFingerprint.Of(a).Hash, ContentFingerprint.Of(b).Hash);

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
        var fingerprint = ContentFingerprint.Of(text);
        Assert.False(fingerprint.IsCheckable);
        Assert.Null(fingerprint.Hash);
        Assert.Throws<ArgumentException>(() => ContentHash.Compute(text));
    }

    [Theory]
    [InlineData("Read this https://example.com")]
    [InlineData("#dotnet 10 is out")]
    [InlineData("🚀🚀")]
    [InlineData("42")]
    [InlineData("mail me at someone@example.com")]
    [InlineData("日本語のテスト")]
    public void Texts_with_words_numbers_or_symbols_are_checkable(string text) =>
        Assert.True(ContentFingerprint.Of(text).IsCheckable);

    [Fact]
    public void The_hash_is_lower_case_hex_sha256_of_the_skeleton()
    {
        // FIPS 180-2's test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Compute("  ABC. \n"));
        Assert.Equal(ContentFingerprint.Of("abc").Hash, ContentHash.Compute("abc"));
    }
}
