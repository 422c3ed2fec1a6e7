using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// X's weighted post length, by twitter-text's rules (<c>parseTweet</c>): the text is NFC-normalised;
/// every URL counts <see cref="TwitterTextConfig.TransformedUrlLength"/>; with emoji parsing every emoji
/// sequence counts 2; every other character weighs 1 inside the light ranges and 2 outside them.
/// </summary>
public static class WeightedLength
{
    /// <summary>The weighted length under <paramref name="config"/> (v3 when omitted).</summary>
    public static int Of(string text, TwitterTextConfig? config = null) => Parse(text, config).WeightedLength;

    public static WeightedLengthResult Parse(string text, TwitterTextConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        config ??= TwitterTextConfig.V3;
        var normalized = NormalizeForCounting(text);

        var urls = new Dictionary<int, int>();
        foreach (var url in UrlExtractor.Extract(normalized))
        {
            // The URL's own length, not its index span: twitter-text skips that many characters, and the two
            // differ when a scheme-less URL's non-ASCII host was cut to its ASCII part.
            urls[url.Start] = url.Value.Length;
        }
        var emoji = config.EmojiParsingEnabled ? EmojiSequence.FindAll(normalized) : new Dictionary<int, int>();

        var maxScaled = config.MaxWeightedTweetLength * config.Scale;
        long weighted = 0;
        var validDisplayIndex = 0;
        var valid = true;
        for (var i = 0; i < normalized.Length; i++)
        {
            if (urls.TryGetValue(i, out var urlLength))
            {
                weighted += config.TransformedUrlLength * config.Scale;
                i += urlLength - 1;
            }
            else if (emoji.TryGetValue(i, out var emojiLength))
            {
                weighted += config.DefaultWeight;
                i += emojiLength - 1;
            }
            else
            {
                // As twitter-text does: a surrogate pair is weighed by its low surrogate, which no light range holds.
                if (char.IsSurrogatePair(normalized, i))
                {
                    i++;
                }
                weighted += config.WeightOf(normalized[i]);
            }

            if (valid)
            {
                valid = !IsInvalidCharacter(normalized[i]);
            }
            if (valid && weighted <= maxScaled)
            {
                validDisplayIndex = i;
            }
        }

        var length = (int)(weighted / config.Scale);
        valid = valid && length > 0 && length <= config.MaxWeightedTweetLength;
        var permillage = (int)Math.Floor(length * 1000.0 / config.MaxWeightedTweetLength);
        validDisplayIndex += text.Length - normalized.Length;
        return new WeightedLengthResult(length, valid, permillage, 0, validDisplayIndex, 0, text.Length > 0 ? text.Length - 1 : 0);
    }

    /// <summary>Characters X refuses in a post: U+FFFE, U+FEFF and U+FFFF.</summary>
    public static bool IsInvalidCharacter(char c) => c is '\uFFFE' or '\uFEFF' or '\uFFFF';

    /// <summary>
    /// NFC, as twitter-text does. .NET refuses to normalise text holding unpaired surrogates or
    /// non-characters (U+FFFE ...), which JavaScript keeps as they are; such text is normalised piece by
    /// piece around them, which gives the same result since neither combines with anything.
    /// </summary>
    private static string NormalizeForCounting(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            var output = new StringBuilder(text.Length);
            var segmentStart = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var pair = char.IsSurrogatePair(text, i);
                var codePoint = pair ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
                if (char.IsSurrogate(text[i]) && !pair || IsNoncharacter(codePoint))
                {
                    output.Append(NormalizeSegment(text[segmentStart..i])).Append(text, i, pair ? 2 : 1);
                    segmentStart = i + (pair ? 2 : 1);
                }
                if (pair)
                {
                    i++;
                }
            }
            return output.Append(NormalizeSegment(text[segmentStart..])).ToString();
        }
    }

    private static string NormalizeSegment(string segment)
    {
        try
        {
            return segment.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return segment;
        }
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
