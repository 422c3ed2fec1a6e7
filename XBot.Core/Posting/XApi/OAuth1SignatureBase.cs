using System.Globalization;
using System.Text;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// The signature base string of RFC 5849 §3.4.1, as pure functions so that the client (signing) and the
/// X stand-in (verifying) build it the same way and tests can check each step against the RFC.
/// </summary>
public static class OAuth1SignatureBase
{
    /// <summary>
    /// §3.4.1.1: <c>METHOD&amp;encoded-base-uri&amp;encoded-normalized-parameters</c>.
    /// <paramref name="parameters"/> are the decoded query, protocol and (form) body parameters; an
    /// <c>oauth_signature</c> among them is left out, as §3.4.1.3.1 requires. (The header's <c>realm</c> is
    /// left out by <see cref="OAuth1AuthorizationHeader.Parse"/>: a query parameter named realm is signed.)
    /// </summary>
    public static string Build(string method, Uri requestUri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        return string.Join('&',
            OAuth1Encoding.PercentEncode(method.ToUpperInvariant()),
            OAuth1Encoding.PercentEncode(BaseStringUri(requestUri)),
            OAuth1Encoding.PercentEncode(NormalizeParameters(parameters)));
    }

    /// <summary>
    /// §3.4.1.2: scheme and host in lower case, the port only when it isn't the scheme's default, the path
    /// as sent (still percent-encoded), no query and no fragment.
    /// </summary>
    public static string BaseStringUri(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The request URI '{requestUri}' must be absolute to be signed.", nameof(requestUri));
        }
        var scheme = requestUri.Scheme.ToLowerInvariant();
        var host = requestUri.IdnHost.ToLowerInvariant();
        if (requestUri.HostNameType == UriHostNameType.IPv6)
        {
            host = $"[{host.Trim('[', ']')}]";
        }
        var port = requestUri.IsDefaultPort ? "" : ":" + requestUri.Port.ToString(CultureInfo.InvariantCulture);
        var path = requestUri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        return $"{scheme}://{host}{port}{(path.Length == 0 ? "/" : path)}";
    }

    /// <summary>
    /// §3.4.1.3.2: encode names and values, sort by name then value in byte order, join with "=" and "&amp;".
    /// </summary>
    public static string NormalizeParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = parameters
            .Where(p => p.Key != "oauth_signature")
            .Select(p => (Name: OAuth1Encoding.PercentEncode(p.Key), Value: OAuth1Encoding.PercentEncode(p.Value ?? "")))
            // Encoded strings are ASCII, so ordinal comparison is the RFC's byte-value ordering.
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var (name, value) in encoded)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(name).Append('=').Append(value);
        }
        return builder.ToString();
    }
}
