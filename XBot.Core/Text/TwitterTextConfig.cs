namespace XBot.Core.Text;

/// <summary>
/// A twitter-text length configuration (twitter-text's <c>config/v2.json</c> and <c>config/v3.json</c>).
/// X counts posts with <see cref="V3"/>; <see cref="V2"/> is kept because the conformance data tests both.
/// </summary>
public sealed record TwitterTextConfig(
    int MaxWeightedTweetLength,
    int Scale,
    int DefaultWeight,
    int TransformedUrlLength,
    bool EmojiParsingEnabled,
    IReadOnlyList<WeightRange> Ranges)
{
    private static readonly WeightRange[] LightRanges =
    [
        new(0, 4351, 100),      // Latin through Hangul Jamo: one character each
        new(8192, 8205, 100),   // general punctuation spaces and joiners
        new(8208, 8223, 100),   // dashes and quotes
        new(8242, 8247, 100),   // primes
    ];

    /// <summary>Version 2: 280 weighted characters, CJK and other heavy scripts count 2, emoji count per code point.</summary>
    public static TwitterTextConfig V2 { get; } = new(280, 100, 200, 23, EmojiParsingEnabled: false, LightRanges);

    /// <summary>Version 3, what X uses: as V2, but every emoji sequence counts 2 however many code points it has.</summary>
    public static TwitterTextConfig V3 { get; } = new(280, 100, 200, 23, EmojiParsingEnabled: true, LightRanges);

    /// <summary>The weight of one UTF-16 code unit, scaled: <see cref="DefaultWeight"/> unless a range says otherwise.</summary>
    public int WeightOf(char c)
    {
        foreach (var range in Ranges)
        {
            if (c >= range.Start && c <= range.End)
            {
                return range.Weight;
            }
        }
        return DefaultWeight;
    }
}

/// <summary>Code points from <see cref="Start"/> to <see cref="End"/> (inclusive) weigh <see cref="Weight"/>.</summary>
public sealed record WeightRange(int Start, int End, int Weight);
