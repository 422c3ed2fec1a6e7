using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Signs requests with OAuth 1.0a HMAC-SHA1 in the user context (RFC 5849 §3.4.2), as X requires for
/// posting. The clock and the nonce are injectable so that tests can reproduce published signatures.
/// </summary>
public sealed class OAuth1Signer(OAuth1Credentials credentials, TimeProvider timeProvider, Func<string>? nonceFactory = null)
{
    public const string SignatureMethod = "HMAC-SHA1";
    public const string Version = "1.0";

    private readonly Func<string> _nonceFactory = nonceFactory ?? NewNonce;

    public OAuth1Credentials Credentials => credentials;

    /// <summary>
    /// The full <c>Authorization</c> header value for one request. <paramref name="formBody"/> is passed
    /// only for <c>application/x-www-form-urlencoded</c> bodies (§3.4.1.3.1); a JSON body, as
    /// <c>POST /2/tweets</c> sends, is not part of the signature.
    /// </summary>
    public string CreateAuthorizationHeader(HttpMethod method, Uri requestUri, IEnumerable<KeyValuePair<string, string>>? formBody = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        var protocol = CreateProtocolParameters();
        var signature = Sign(method.Method, requestUri, protocol, formBody);
        var all = protocol.Append(new("oauth_signature", signature)).OrderBy(p => p.Key, StringComparer.Ordinal);
        return OAuth1AuthorizationHeader.Scheme + " " + OAuth1AuthorizationHeader.FormatParameter(all);
    }

    /// <summary>The <c>oauth_*</c> parameters of one request, before signing: a fresh nonce and the current time.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateProtocolParameters() =>
    [
        new("oauth_consumer_key", credentials.ConsumerKey),
        new("oauth_nonce", _nonceFactory()),
        new("oauth_signature_method", SignatureMethod),
        new("oauth_timestamp", timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        new("oauth_token", credentials.Token),
        new("oauth_version", Version),
    ];

    /// <summary>The signature for the given protocol parameters, query (from the URI) and optional form body.</summary>
    public string Sign(string method, Uri requestUri, IEnumerable<KeyValuePair<string, string>> protocolParameters, IEnumerable<KeyValuePair<string, string>>? formBody = null)
    {
        var parameters = OAuth1Encoding.ParseFormEncoded(requestUri.GetComponents(UriComponents.Query, UriFormat.UriEscaped))
            .Concat(protocolParameters)
            .Concat(formBody ?? []);
        var baseString = OAuth1SignatureBase.Build(method, requestUri, parameters);
        return ComputeSignature(baseString, credentials.ConsumerSecret, credentials.TokenSecret);
    }

    /// <summary>§3.4.2: HMAC-SHA1 keyed with <c>encode(consumer secret)&amp;encode(token secret)</c>, in base64.</summary>
    public static string ComputeSignature(string baseString, string consumerSecret, string tokenSecret)
    {
        var key = OAuth1Encoding.PercentEncode(consumerSecret) + "&" + OAuth1Encoding.PercentEncode(tokenSecret ?? "");
        var hash = HMACSHA1.HashData(Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes(baseString));
        return Convert.ToBase64String(hash);
    }

    /// <summary>32 random bytes as letters and digits, as X's documentation suggests.</summary>
    public static string NewNonce() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Where(char.IsAsciiLetterOrDigit).ToArray());
}
