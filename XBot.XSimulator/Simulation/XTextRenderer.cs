using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace XBot.XSimulator.Simulation;

/// <summary>
/// Returns text the way X does, so that clients are tested against what X really sends back: every URL
/// becomes a 23-character t.co link and &amp;, &lt;, &gt; are HTML-escaped.
/// </summary>
public static partial class XTextRenderer
{
    public static string Render(string text)
    {
        var linked = Url().Replace(text, m => "https://t.co/" + ShortCode(m.Value));
        return linked.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }

    /// <summary>A stable 10-character code per URL, like t.co's.</summary>
    private static string ShortCode(string url)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url));
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return new string(hash.Take(10).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
