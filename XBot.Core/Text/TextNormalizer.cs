using System.Globalization;
using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// The canonical normalisation of a post's text (runbooks §8 "normalise whitespace and Unicode"): what
/// is posted, hashed and checked. Idempotent: normalising a normalised text changes nothing.
/// </summary>
/// <remarks>
/// Unicode NFC, not NFKC: NFKC rewrites what readers see (full-width letters, ™ to TM, ² to 2,
/// ligatures), and twitter-text itself counts the NFC form. Whitespace: line breaks become <c>\n</c>;
/// every other space character becomes one plain space; runs of spaces collapse to one; spaces at the
/// ends of lines go; more than one blank line becomes one; the text is trimmed. Control characters,
/// zero-width spaces, word joiners, soft hyphens, byte-order marks and the non-characters X refuses are
/// removed; unpaired surrogates become U+FFFD. ZWJ and ZWNJ stay: emoji and several scripts need them.
/// </remarks>
public static class TextNormalizer
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var nfc = ReplaceUnpairedSurrogates(text).Normalize(NormalizationForm.FormC);

        var output = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        var pendingNewlines = 0;
        for (var i = 0; i < nfc.Length; i++)
        {
            var c = nfc[i];
            if (c == '\r')
            {
                if (i + 1 < nfc.Length && nfc[i + 1] == '\n')
                {
                    i++;
                }
                c = '\n';
            }

            if (c is '\n' or '\u2028' or '\u2029' or '\u0085')
            {
                pendingSpace = false; // spaces at the end of a line go
                if (output.Length > 0)
                {
                    pendingNewlines++;
                }
                continue;
            }
            if (IsRemoved(c))
            {
                continue;
            }
            if (IsSpace(c))
            {
                pendingSpace = output.Length > 0 && pendingNewlines == 0; // and so do spaces at the start
                continue;
            }

            if (pendingNewlines > 0)
            {
                output.Append('\n', Math.Min(pendingNewlines, 2));
            }
            else if (pendingSpace)
            {
                output.Append(' ');
            }
            pendingNewlines = 0;
            pendingSpace = false;
            output.Append(c);
        }
        return output.ToString();
    }

    private static bool IsSpace(char c) => c is '\t' or '\v' or '\f' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

    private static bool IsRemoved(char c) =>
        c is '\u200B' or '\u2060' or '\u00AD' or '\uFEFF' or '\uFFFE' or '\uFFFF' or '\u180E'
        || (char.IsControl(c) && c is not ('\t' or '\v' or '\f'));

    private static string ReplaceUnpairedSurrogates(string text)
    {
        StringBuilder? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                fixedText?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                fixedText ??= new StringBuilder(text, 0, i, text.Length);
                fixedText.Append('\uFFFD');
                continue;
            }
            fixedText?.Append(c);
        }
        return fixedText?.ToString() ?? text;
    }
}
