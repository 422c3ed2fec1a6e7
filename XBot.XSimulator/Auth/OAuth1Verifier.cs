using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using XBot.Core.Posting.XApi;
using XBot.XSimulator.Options;

namespace XBot.XSimulator.Auth;

/// <summary>
/// Verifies OAuth 1.0a HMAC-SHA1 requests as RFC 5849 §3.2 describes, recomputing the signature with the
/// same base-string code the client signs with (XBot.Core's <see cref="OAuth1SignatureBase"/>) but from
/// the request as it arrived: the Host header and the raw request target.
/// </summary>
public sealed class OAuth1Verifier(SimCredentialsOptions credentials, NonceCache nonces, TimeProvider clock, TimeSpan tolerance)
{
    /// <summary>Null when the request is authentic; otherwise why not, for the stand-in's log and a diagnostic header.</summary>
    public string? Verify(string method, string scheme, string host, string rawTarget, string? authorization)
    {
        var parameters = OAuth1AuthorizationHeader.Parse(authorization);
        if (parameters is null)
        {
            return "no OAuth Authorization header";
        }
        var duplicated = parameters.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null)
        {
            return $"{duplicated.Key} appears more than once";
        }
        var values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var required in new[] { "oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature" })
        {
            if (!values.ContainsKey(required))
            {
                return $"{required} is missing";
            }
        }
        if (values["oauth_signature_method"] != OAuth1Signer.SignatureMethod)
        {
            return $"signature method {values["oauth_signature_method"]} is not supported";
        }
        if (values.TryGetValue("oauth_version", out var version) && version != OAuth1Signer.Version)
        {
            return $"oauth_version {version} is not 1.0";
        }
        if (!FixedTimeEquals(values["oauth_consumer_key"], credentials.ConsumerKey) || !FixedTimeEquals(values["oauth_token"], credentials.AccessToken))
        {
            return "unknown consumer key or token";
        }
        if (!long.TryParse(values["oauth_timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return "oauth_timestamp is not a positive integer";
        }
        var now = clock.GetUtcNow();
        if (tolerance > TimeSpan.Zero && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return "oauth_timestamp is out of bounds";
        }

        var requestUri = new Uri($"{scheme}://{host}{rawTarget}");
        var query = OAuth1Encoding.ParseFormEncoded(requestUri.GetComponents(UriComponents.Query, UriFormat.UriEscaped));
        var baseString = OAuth1SignatureBase.Build(method, requestUri, query.Concat(parameters));
        var expected = OAuth1Signer.ComputeSignature(baseString, credentials.ConsumerSecret, credentials.AccessTokenSecret);
        if (!FixedTimeEquals(values["oauth_signature"], expected))
        {
            return "signature mismatch";
        }
        // Checked after the signature, so that a forged request can't burn a real client's nonce.
        if (!nonces.TryUse(values["oauth_consumer_key"], values["oauth_token"], values["oauth_timestamp"], values["oauth_nonce"], now,
                tolerance > TimeSpan.Zero ? tolerance : TimeSpan.FromMinutes(15)))
        {
            return "nonce already used";
        }
        return null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
