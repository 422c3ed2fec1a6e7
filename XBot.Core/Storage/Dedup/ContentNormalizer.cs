using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace XBot.Core.Storage.Dedup;

/// <summary>A text's dedup identity: its normalised form, and its hash when it has something to compare.</summary>
public sealed record ContentFingerprint(string Normalized, string? Hash)
{
    /// <summary>False for texts with no words or symbols of their own (empty, whitespace, only links, mentions, hashtags, punctuation).</summary>
    public bool IsCheckable => Hash is not null;
}

/// <summary>
/// Normalises post text for duplicate detection: Unicode NFKC (full-width, ligatures and compatibility
/// forms become plain), invisible format characters removed, simple case folding, whitespace runs
/// collapsed to one space, trimmed; then SHA-256 of the UTF-8 bytes, as lowercase hex.
/// A text is only checkable when something is left after removing links, @mentions, #hashtags,
/// punctuation and whitespace: otherwise every bare link or empty text would share one hash and be
/// "a duplicate of everything" (the old bot's trap).
/// </summary>
public static partial class ContentNormalizer
{
    public static ContentFingerprint Fingerprint(string text)
    {
        var normalized = Normalize(text);
        return new ContentFingerprint(normalized, HasSubstance(normalized) ? Hash(normalized) : null);
    }

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var composed = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var rune in composed.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                // Zero-width spaces and joiners, soft hyphens, BOMs: invisible, so they must not make texts differ.
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            AppendFolded(builder, rune);
        }
        return builder.ToString();
    }

    public static string Hash(string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    /// <summary>Letters, digits or symbols (emoji included) outside links, mentions and hashtags.</summary>
    public static bool HasSubstance(string normalized)
    {
        var rest = Noise().Replace(normalized, " ");
        foreach (var rune in rest.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.OtherNumber)
            {
                return true;
            }
        }
        return false;
    }

    // .NET has no full Unicode case folding; lower-casing plus the two common multi-form letters gets close.
    private static void AppendFolded(StringBuilder builder, Rune rune)
    {
        var lower = Rune.ToLowerInvariant(rune);
        switch (lower.Value)
        {
            case 'ß':
                builder.Append("ss");
                break;
            case 'ς':
                builder.Append('σ');
                break;
            default:
                builder.Append(lower.ToString());
                break;
        }
    }

    [GeneratedRegex(@"(?:https?://|www\.)\S+|(?<![\w@])@\w+|(?<![\w#])#\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Noise();
}
