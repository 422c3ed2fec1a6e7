using System.Text;
using System.Text.RegularExpressions;
using XBot.Core.Text;
using XBot.Core.Text.Folding;

namespace XBot.Core.Safety;

/// <summary>
/// One text as the checks see it. <see cref="Text"/> is the normalised text (NFC), the one verdicts quote.
/// Word lists match on two folds of it (<see cref="TextFolder"/>): <see cref="Skeleton"/> (NFKC, invisibles
/// and combining marks removed, look-alikes and leetspeak read, separators collapsed) and <see cref="Plain"/>
/// (the same without leetspeak, for patterns such as "f4f" whose digits mean digits). Personal data and
/// secrets are looked for in <see cref="Compatible"/> (NFKC, invisibles removed, "[at]" and "[dot]" read),
/// with every URL blanked out in <see cref="WithoutUrls"/>.
/// </summary>
public sealed partial class SafetyInput
{
    public SafetyInput(string rawText, int maxHashtags)
    {
        Text = TextNormalizer.Normalize(rawText);
        Skeleton = TextFolder.Fold(Text, FoldingSteps.Safety);
        Plain = TextFolder.Fold(Text, FoldingSteps.Confusables | FoldingSteps.CollapseSeparators);
        MaxHashtags = maxHashtags;
        Urls = Extract.UrlsWithIndices(Text);
        Hashtags = Extract.Hashtags(Text);
        WeightedLength = XBot.Core.Text.WeightedLength.Of(Text);

        var compatible = new StringBuilder();
        foreach (var rune in Text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (!TextFolder.IsInvisible(rune) || Rune.IsWhiteSpace(rune))
            {
                compatible.Append(rune.ToString());
            }
        }
        Compatible = Dot().Replace(At().Replace(compatible.ToString(), "@"), ".");

        var blanked = new StringBuilder(Compatible);
        // twitter-text's links, and anything with a scheme (it skips https://user@host/, which is still a link, not an email).
        var links = Extract.UrlsWithIndices(Compatible).Select(u => (u.Start, u.End))
            .Concat(SchemeLink().Matches(Compatible).Select(m => (Start: m.Index, End: m.Index + m.Length)));
        foreach (var (start, end) in links)
        {
            for (var i = start; i < end; i++)
            {
                blanked[i] = ' ';
            }
        }
        WithoutUrls = blanked.ToString();
    }

    public string Text { get; }
    public FoldedText Skeleton { get; }
    public FoldedText Plain { get; }
    public string Compatible { get; }
    public string WithoutUrls { get; }
    public int MaxHashtags { get; }
    public int WeightedLength { get; }
    public IReadOnlyList<TextEntity> Urls { get; }
    public IReadOnlyList<string> Hashtags { get; }

    /// <summary>Both folds, for matching a list or pattern on each.</summary>
    public IEnumerable<FoldedText> Folds => [Plain, Skeleton];

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[a-z][a-z0-9+.\-]{1,20}://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeLink();

    [GeneratedRegex(@"\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex At();

    [GeneratedRegex(@"\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dot();
}
