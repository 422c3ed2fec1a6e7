using System.Text.RegularExpressions;

namespace XBot.Core.Text;

/// <summary>
/// twitter-text's URL grammar (its <c>extractUrl</c> regular expression and parts), written for .NET.
/// The character classes are twitter-text's; <c>$</c> becomes <c>\z</c> because .NET's <c>$</c> also
/// matches before a final newline. Apache-2.0, Copyright Twitter, Inc.
/// </summary>
internal static class UrlPatterns
{
    private const string Spaces = @"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
    private const string InvalidChars = @"\uFFFE\uFEFF\uFFFF";
    private const string DirectionalMarkers = @"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069";
    private const string Punctuation = @"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$";

    public const string LatinAccents =
        @"\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF";

    private const string DomainChar = "[^" + Punctuation + Spaces + InvalidChars + DirectionalMarkers + "]";

    private const string PrecedingChar = @"(?:[^A-Za-z0-9@＠$#＃" + InvalidChars + "]|[" + DirectionalMarkers + "]|^)";

    private const string Subdomain = "(?:(?:" + DomainChar + "(?:[_-]|" + DomainChar + ")*)?" + DomainChar + @"\.)";
    private const string DomainName = "(?:(?:" + DomainChar + "(?:-|" + DomainChar + ")*)?" + DomainChar + @"\.)";
    private const string PunycodeTld = @"(?:xn--[\-0-9a-z]+)";

    private const string PathChar = @"[a-z\u0400-\u04FF0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&" + LatinAccents + "]";
    private const string BalancedParens = @"\((?:" + PathChar + "+|(?:" + PathChar + @"*\(" + PathChar + @"+\)" + PathChar + @"*))\)";
    private const string PathEnding = @"(?:[+\-a-z\u0400-\u04FF0-9=_#/" + LatinAccents + "]|(?:" + BalancedParens + "))";
    private const string Path = "(?:(?:" + PathChar + "*(?:" + BalancedParens + PathChar + "*)*" + PathEnding + ")|(?:@" + PathChar + "+/))";

    private const string QueryChars = @"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]";
    private const string QueryEnding = @"[a-z0-9\-_&=#/]";

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>A TLD must not run on into a letter, digit, <c>@</c>, <c>+</c> or <c>-</c>.</summary>
    private static string Tlds(IEnumerable<string> tlds) =>
        "(?:(?:" + string.Join('|', tlds.Select(Regex.Escape)) + @")(?=[^0-9a-zA-Z@+\-]|\z))";

    private static readonly string ValidTld =
        "(?:" + Tlds(TopLevelDomains.Generic) + "|" + Tlds(TopLevelDomains.CountryCode) + "|" + PunycodeTld + ")";

    private static readonly string Domain = "(?:" + Subdomain + "*" + DomainName + ValidTld + ")";

    /// <summary>Groups: before (the preceding character), url, protocol, domain, port, path, query.</summary>
    public static Regex Url { get; } = new(
        "(?<before>" + PrecedingChar + ")" +
        "(?<url>" +
            @"(?<protocol>https?://)?" +
            "(?<domain>" + Domain + ")" +
            "(?::(?<port>[0-9]+))?" +
            "(?<path>/" + Path + "*)?" +
            @"(?<query>\?" + QueryChars + "*" + QueryEnding + ")?" +
        ")",
        Options);

    /// <summary>ASCII-only domains, which are all a URL without a scheme may be.</summary>
    public static Regex AsciiDomain { get; } = new(@"(?:(?:[\-a-z0-9" + LatinAccents + @"]+)\.)+" + ValidTld, Options);

    /// <summary>A t.co link takes no path beyond its slug; group <c>slug</c>.</summary>
    public static Regex TcoUrl { get; } = new(@"^https?://t\.co/(?<slug>[a-z0-9]+)(?:\?" + QueryChars + "*" + QueryEnding + ")?", Options);

    /// <summary>A URL without a scheme must not follow one of these.</summary>
    public static Regex InvalidPrecedingWithoutProtocol { get; } = new(@"[-_./]\z", Options);
}
