using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using XBot.Core.Text.Folding;

namespace XBot.Core.Text;

/// <summary>
/// A text's dedup identity, the one fingerprint every store and check uses: its <see cref="Skeleton"/>
/// and the SHA-256 of that skeleton (64 lower-case hex digits), or no hash when nothing is left to compare.
/// </summary>
public sealed partial record ContentFingerprint(string Skeleton, string? Hash)
{
    /// <summary>False for texts with no words or symbols of their own (empty, or only links, mentions, hashtags, punctuation).</summary>
    public bool IsCheckable => Hash is not null;

    /// <summary>
    /// The skeleton ignores what a reader would not call a different post: links, mentions and hashtags
    /// (twitter-text's extraction), case and width, invisible characters and combining marks, look-alike
    /// letters of other scripts (<see cref="Confusables"/>), whitespace, and punctuation at the end.
    /// </summary>
    public static ContentFingerprint Of(string? text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var skeleton = TextFolder.Fold(WithoutEntities(normalized), FoldingSteps.Confusables).Value;
        var end = skeleton.Length;
        while (end > 0 && (char.IsPunctuation(skeleton[end - 1]) || char.IsWhiteSpace(skeleton[end - 1])))
        {
            end--;
        }
        skeleton = skeleton[..end];
        return new ContentFingerprint(skeleton, HasSubstance(skeleton) ? HashOf(skeleton) : null);
    }

    private static string HashOf(string skeleton) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(skeleton)));

    /// <summary>Letters, digits or symbols (emoji included).</summary>
    private static bool HasSubstance(string skeleton)
    {
        foreach (var rune in skeleton.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.OtherNumber)
            {
                return true;
            }
        }
        return false;
    }

    private static string WithoutEntities(string text)
    {
        var entities = Extract.UrlsWithIndices(text)
            .Concat(Extract.HashtagsWithIndices(text))
            .Concat(Extract.MentionsOrListsWithIndices(text).Select(m => new TextEntity(m.ScreenName, m.Start, m.End)));
        var builder = new StringBuilder(text);
        foreach (var entity in entities)
        {
            for (var i = entity.Start; i < entity.End && i < builder.Length; i++)
            {
                builder[i] = ' ';
            }
        }
        // twitter-text only takes a scheme-less link with a known top-level domain; "www." always starts one.
        return LinkLike().Replace(builder.ToString(), " ");
    }

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkLike();
}
