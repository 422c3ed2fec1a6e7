using XBot.Core.Schema;

namespace XBot.Tests.Schema;

public sealed class SchemaVersionTests
{
    [Theory]
    [InlineData("1.0.0", 1, 0, 0)]
    [InlineData("0.0.1", 0, 0, 1)]
    [InlineData("12.345.6789", 12, 345, 6789)]
    public void Valid_versions_parse(string text, int major, int minor, int patch)
    {
        Assert.Equal(new SchemaVersion(major, minor, patch), SchemaVersion.Parse(text));
        Assert.Equal(text, SchemaVersion.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.-1.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("1.0.x")]
    [InlineData(" 1.0.0")]
    [InlineData("1..0")]
    [InlineData("9999999999.0.0")]
    public void Malformed_versions_are_refused_naming_the_input_and_the_format(string? text)
    {
        Assert.False(SchemaVersion.TryParse(text, out _));
        var error = Assert.Throws<SchemaInputException>(() => SchemaVersion.Parse(text, "--to"));
        Assert.Contains($"--to '{text}'", error.Message);
        Assert.Contains("major.minor.patch", error.Message);
    }

    [Theory]
    [InlineData("1.0.0", "1.0.1", -1)]
    [InlineData("1.9.0", "1.10.0", -1)]
    [InlineData("2.0.0", "1.99.99", 1)]
    [InlineData("1.2.3", "1.2.3", 0)]
    [InlineData("0.10.0", "0.9.9", 1)]
    public void Versions_order_numerically_not_as_text(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(SchemaVersion.Parse(left).CompareTo(SchemaVersion.Parse(right))));
    }
}
