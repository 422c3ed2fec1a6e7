namespace XBot.Core.Learning;

/// <summary>One arm: a value of one dimension (topic, hour of day, or format). Stored as <c>dimension:value</c>.</summary>
public readonly record struct ArmKey(string Dimension, string Value)
{
    public const string Topic = "topic";
    public const string Hour = "hour";
    public const string Format = "format";

    public override string ToString() => $"{Dimension}:{Value}";

    public static ArmKey Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not an arm (dimension:value).");
        }
        return new ArmKey(text[..colon], text[(colon + 1)..]);
    }
}
