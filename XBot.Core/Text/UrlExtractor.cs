using System.Text;

namespace XBot.Core.Text;

/// <summary>twitter-text's <c>extractUrlsWithIndices</c>, with URLs without a scheme extracted.</summary>
internal static class UrlExtractor
{
    private const int MaxUrlLength = 4096;
    private const int MaxTcoSlugLength = 40;
    private const int MaxDomainLabelLength = 63;

    public static IReadOnlyList<TextEntity> Extract(string text)
    {
        var urls = new List<TextEntity>();
        if (string.IsNullOrEmpty(text) || !MayHoldDomain(text))
        {
            return urls;
        }

        foreach (var match in UrlPatterns.Url.Matches(text).Cast<System.Text.RegularExpressions.Match>())
        {
            var before = match.Groups["before"].Value;
            var url = match.Groups["url"].Value;
            var protocol = match.Groups["protocol"].Value;
            var domain = match.Groups["domain"].Value;
            var path = match.Groups["path"];
            var start = match.Groups["url"].Index;
            var end = start + url.Length;

            if (!IsValidUrl(url, protocol.Length > 0 ? protocol : "https://", domain))
            {
                continue;
            }

            if (protocol.Length == 0)
            {
                if (UrlPatterns.InvalidPrecedingWithoutProtocol.IsMatch(before))
                {
                    continue;
                }
                AddAsciiDomains(urls, url, domain, start, end, path.Success && path.Length > 0);
            }
            else
            {
                var tco = UrlPatterns.TcoUrl.Match(url);
                if (tco.Success)
                {
                    if (tco.Groups["slug"].Length > MaxTcoSlugLength)
                    {
                        continue;
                    }
                    url = tco.Value;
                    end = start + url.Length;
                }
                urls.Add(new TextEntity(url, start, end));
            }
        }
        return urls;
    }

    /// <summary>
    /// Every URL ends its domain with a dot and a top-level domain, and every top-level domain (ASCII, IDN
    /// or <c>xn--</c>) starts with a letter. A text without a dot before a letter holds no URL, and most
    /// posts are such texts: this spares them the URL grammar, the most expensive step of a fingerprint.
    /// </summary>
    private static bool MayHoldDomain(string text)
    {
        for (var dot = text.IndexOf('.', StringComparison.Ordinal); dot >= 0 && dot + 1 < text.Length; dot = text.IndexOf('.', dot + 1))
        {
            if (Rune.TryGetRuneAt(text, dot + 1, out var next) && Rune.IsLetter(next))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A URL without a scheme counts only through its ASCII-only domains; the last of them keeps the
    /// path and query, as in twitter-text.
    /// </summary>
    private static void AddAsciiDomains(List<TextEntity> urls, string url, string domain, int start, int end, bool hasPath)
    {
        TextEntity? last = null;
        var searchFrom = 0;
        foreach (var ascii in UrlPatterns.AsciiDomain.Matches(domain).Cast<System.Text.RegularExpressions.Match>())
        {
            var asciiStart = domain.IndexOf(ascii.Value, searchFrom, StringComparison.Ordinal);
            searchFrom = asciiStart + ascii.Length;
            last = new TextEntity(ascii.Value, start + asciiStart, start + searchFrom);
            urls.Add(last);
        }
        if (last is not null && hasPath)
        {
            var domainAt = url.IndexOf(domain, StringComparison.Ordinal);
            var withPath = url[..domainAt] + last.Value + url[(domainAt + domain.Length)..];
            urls[^1] = last with { Value = withPath, End = end };
        }
    }

    /// <summary>twitter-text's check: every host label 1-63 characters once punycoded, the whole URL at most 4096.</summary>
    private static bool IsValidUrl(string url, string protocol, string domain)
    {
        if (domain.StartsWith("xn--", StringComparison.Ordinal) && !UrlPatterns.AsciiDomain.IsMatch(domain))
        {
            return false; // a punycoded host can't hold non-ASCII characters
        }
        var encodedLength = 0;
        var labels = domain.Split('.');
        foreach (var label in labels)
        {
            var encoded = Punycode.ToAscii(label);
            if (encoded.Length is < 1 or > MaxDomainLabelLength)
            {
                return false;
            }
            encodedLength += encoded.Length;
        }
        encodedLength += labels.Length - 1;
        return protocol.Length + url.Length + encodedLength - domain.Length <= MaxUrlLength;
    }
}
