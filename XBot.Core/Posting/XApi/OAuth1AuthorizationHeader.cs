using System.Text;

namespace XBot.Core.Posting.XApi;

/// <summary>The <c>Authorization: OAuth ...</c> header of RFC 5849 §3.5.1, written and read.</summary>
public static class OAuth1AuthorizationHeader
{
    public const string Scheme = "OAuth";

    /// <summary>
    /// The header's parameter part, <c>name="value", ...</c> with both sides percent-encoded, in the order
    /// given (X's examples list them alphabetically, which is what <see cref="OAuth1Signer"/> passes).
    /// </summary>
    public static string FormatParameter(IEnumerable<KeyValuePair<string, string>> protocolParameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in protocolParameters)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }
            builder.Append(OAuth1Encoding.PercentEncode(name)).Append("=\"").Append(OAuth1Encoding.PercentEncode(value)).Append('"');
        }
        return builder.ToString();
    }

    /// <summary>
    /// Reads a header value (with or without the leading "OAuth") into decoded pairs, without
    /// <c>realm</c>, which §3.4.1.3.1 keeps out of the signature. Returns null when it isn't an OAuth header
    /// or is malformed, so that a verifier can answer 401 rather than fail.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var text = header.Trim();
        if (!text.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text[(Scheme.Length + 1)..].Split(','))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                continue;
            }
            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }
            var name = item[..equals].Trim();
            var quoted = item[(equals + 1)..].Trim();
            if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
            {
                return null;
            }
            if (name == "realm")
            {
                continue;
            }
            // §3.5.1 values are §3.6-encoded, so "+" is a literal plus here, not a space.
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(quoted[1..^1])));
        }
        return pairs;
    }
}
