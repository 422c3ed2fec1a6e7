using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Decides whether a post X returns is the text XBot sent. X doesn't echo the text verbatim: every URL
/// becomes a t.co link and &amp;, &lt;, &gt; come back HTML-escaped. Both sides are therefore compared
/// with URLs blanked out, entities decoded, Unicode in NFC and whitespace collapsed.
/// </summary>
public static partial class RecentPostMatcher
{
    public static bool Matches(string sentText, string returnedText) =>
        string.Equals(Canonical(sentText), Canonical(WebUtility.HtmlDecode(returnedText)), StringComparison.Ordinal);

    public static string Canonical(string text)
    {
        var withoutUrls = UrlPattern().Replace(text.Normalize(NormalizationForm.FormC), "<url>");
        return Whitespace().Replace(withoutUrls, " ").Trim();
    }

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
