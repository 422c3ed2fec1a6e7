using XBot.Core.Text;

namespace XBot.Tests.Text;

public class ContentHashTests
{
    [Fact]
    public void Is_lower_case_hex_sha256_of_the_normalised_utf8_text()
    {
        // FIPS 180-2's test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Compute("abc"));
        Assert.Equal(ContentHash.Compute("abc"), ContentHash.Compute("  abc \n"));
    }

    [Fact]
    public void Texts_that_normalise_alike_share_a_hash_and_others_do_not()
    {
        Assert.Equal(ContentHash.Compute("café  au lait"), ContentHash.Compute("cafe\u0301 au lait"));
        Assert.NotEqual(ContentHash.Compute("café au lait"), ContentHash.Compute("cafe au lait"));
        Assert.NotEqual(ContentHash.Compute("Hello"), ContentHash.Compute("hello"));
        Assert.Matches("^[0-9a-f]{64}$", ContentHash.Compute("日本語 😀"));
    }
}
