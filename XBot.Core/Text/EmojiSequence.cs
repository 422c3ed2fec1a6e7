using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// Finds emoji sequences, each of which twitter-text v3 counts as one emoji of weight 2: a single emoji,
/// an emoji with VS16 and/or a skin-tone modifier, ZWJ sequences, flags (a regional-indicator pair),
/// keycaps (<c>#</c>, <c>*</c> or a digit, optional VS16, U+20E3) and tag sequences (subdivision flags).
/// </summary>
/// <remarks>
/// twitter-text uses twemoji-parser's list of known sequences; this matcher accepts any well-formed
/// sequence instead, so it also knows emoji newer than that list. Where they differ (documented in
/// docs/safety.md): a ZWJ sequence of emoji that twemoji does not know counts 2 here (twemoji counts
/// each part), a pair of regional indicators that is no country counts 2 here (4 there), and a VS16
/// after a skin-tone modifier is absorbed here (counted 2 more there).
/// </remarks>
internal static class EmojiSequence
{
    private const int Zwj = 0x200D;
    private const int Vs15 = 0xFE0E;
    private const int Vs16 = 0xFE0F;
    private const int Keycap = 0x20E3;
    private const int CancelTag = 0xE007F;

    /// <summary>Every emoji sequence, scanned left to right without overlap: start index → UTF-16 length.</summary>
    public static Dictionary<int, int> FindAll(string text)
    {
        var found = new Dictionary<int, int>();
        for (var i = 0; i < text.Length;)
        {
            var length = MatchAt(text, i);
            if (length > 0)
            {
                found[i] = length;
                i += length;
            }
            else
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }
        }
        return found;
    }

    /// <summary>The UTF-16 length of the emoji sequence that starts at <paramref name="index"/>, or 0.</summary>
    public static int MatchAt(string text, int index)
    {
        var first = CodePointAt(text, index);
        if (first is >= '0' and <= '9' or '#' or '*')
        {
            var j = index + 1;
            if (CodePointAt(text, j) == Vs16)
            {
                j++;
            }
            return CodePointAt(text, j) == Keycap ? j + 1 - index : 0;
        }
        if (IsRegionalIndicator(first))
        {
            return IsRegionalIndicator(CodePointAt(text, index + 2)) ? 4 : 2;
        }

        var end = MatchElement(text, index, first: true);
        if (end < 0)
        {
            return 0;
        }
        while (CodePointAt(text, end) == Zwj)
        {
            var next = MatchElement(text, end + 1, first: false);
            if (next < 0)
            {
                break;
            }
            end = next;
        }
        return end - index;
    }

    /// <summary>One emoji with its presentation selector, modifier and tags; returns the index after it, or -1.</summary>
    private static int MatchElement(string text, int index, bool first)
    {
        var codePoint = CodePointAt(text, index);
        if (codePoint < 0 || !IsEmojiStart(codePoint))
        {
            return -1;
        }
        var j = index + Rune.GetRuneAt(text, index).Utf16SequenceLength;
        var next = CodePointAt(text, j);
        if (next == Vs15)
        {
            // Text presentation was asked for. Like twemoji, a lone BMP symbol is then no emoji; otherwise
            // the emoji ends here and VS15 is counted as a character of its own.
            return first && codePoint <= 0xFFFF ? -1 : j;
        }
        // ©, ® and ™ are ordinary text unless VS16 asks for the emoji, as in twemoji.
        if (codePoint is 0xA9 or 0xAE or 0x2122 && next != Vs16)
        {
            return -1;
        }
        if (next == Vs16)
        {
            j++;
        }
        if (IsSkinTone(CodePointAt(text, j)))
        {
            j += 2;
            if (CodePointAt(text, j) == Vs16)
            {
                j++;
            }
        }
        return SkipTagSequence(text, j);
    }

    private static int SkipTagSequence(string text, int index)
    {
        var j = index;
        while (CodePointAt(text, j) is >= 0xE0020 and <= 0xE007E)
        {
            j += 2;
        }
        return j > index && CodePointAt(text, j) == CancelTag ? j + 2 : index;
    }

    private static bool IsEmojiStart(int codePoint) => EmojiCodePoints.IsEmoji(codePoint) || IsSkinTone(codePoint);

    private static bool IsRegionalIndicator(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool IsSkinTone(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>The code point at <paramref name="index"/>; -1 past the end or at an unpaired surrogate.</summary>
    private static int CodePointAt(string text, int index) =>
        index < text.Length && Rune.TryGetRuneAt(text, index, out var rune) ? rune.Value : -1;
}
