using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

public sealed class RecentPostMatcherTests
{
    [Theory]
    [InlineData("Hello world", "Hello world", true)]
    [InlineData("Read https://example.com/a?b=1 now", "Read https://t.co/AbCdEfGhIj now", true)]
    [InlineData("Tom & Jerry <3", "Tom &amp; Jerry &lt;3", true)]
    [InlineData("  spaced\n out  ", "spaced out", true)]
    [InlineData("Café", "Cafe\u0301", true)]
    [InlineData("Hello world", "Hello world!", false)]
    [InlineData("Read https://example.com now", "Read now", false)]
    [InlineData("Tom & Jerry", "Tom &amp;amp; Jerry", false)]
    public void Compares_what_was_sent_with_what_X_returns(string sent, string returned, bool matches)
    {
        Assert.Equal(matches, RecentPostMatcher.Matches(sent, returned));
    }
}
