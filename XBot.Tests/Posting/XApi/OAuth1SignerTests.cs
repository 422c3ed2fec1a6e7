using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

/// <summary>
/// The signer against the published worked examples: RFC 5849 §1.2 and §3.4.1, and X's
/// "Creating a signature" page. Each step is checked on its own so that a failure points at it.
/// </summary>
public sealed class OAuth1SignerTests
{
    // RFC 5849 §3.4.1.1: the base string of the §3.1 request (line breaks removed).
    private const string RfcBaseString =
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26"
        + "oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26"
        + "oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";

    [Fact]
    public void Rfc_3_4_1_base_string_from_query_header_and_form_body()
    {
        // POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with body "c2&a3=2+q" and the §3.1 header (realm included, then left out).
        var header = OAuth1AuthorizationHeader.Parse(
            "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", oauth_token=\"kkk9d7dh3k39sjv7\", "
            + "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", "
            + "oauth_signature=\"djosJKDKJSD8743243%2Fjdk33klY%3D\"")!;
        var uri = new Uri("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        var parameters = OAuth1Encoding.ParseFormEncoded(uri.Query)
            .Concat(header)
            .Concat(OAuth1Encoding.ParseFormEncoded("c2&a3=2+q"));

        Assert.Equal(RfcBaseString, OAuth1SignatureBase.Build("POST", uri, parameters));
    }

    [Fact]
    public void Rfc_3_4_1_3_parameters_are_decoded_as_the_rfc_table_shows()
    {
        var query = OAuth1Encoding.ParseFormEncoded("?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        var body = OAuth1Encoding.ParseFormEncoded("c2&a3=2+q");

        Assert.Equal(new KeyValuePair<string, string>[] { new("b5", "=%3D"), new("a3", "a"), new("c@", ""), new("a2", "r b") }, query);
        Assert.Equal(new KeyValuePair<string, string>[] { new("c2", ""), new("a3", "2 q") }, body);
    }

    [Fact]
    public void Rfc_1_2_photos_request_signature()
    {
        // GET http://photos.example.net/photos?file=vacation.jpg&size=original, client secret kd94hf93k423kf44, token secret pfkkdhi9sl3r4s00.
        var signer = new OAuth1Signer(new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"), TimeProvider.System);
        KeyValuePair<string, string>[] protocol =
        [
            new("oauth_consumer_key", "dpf43f3p2l4k3l03"), new("oauth_token", "nnch734d00sl2jdk"),
            new("oauth_signature_method", "HMAC-SHA1"), new("oauth_timestamp", "137131202"), new("oauth_nonce", "chapoH"),
        ];

        var signature = signer.Sign("GET", new Uri("http://photos.example.net/photos?file=vacation.jpg&size=original"), protocol);

        Assert.Equal("MdpQcU8iPSUjWoN/UDMsK2sui9I=", signature);
    }

    // X's "Creating a signature" example. The page now names api.x.com, but its published signature was
    // computed for api.twitter.com (the page's original host), so that is the URL that reproduces it.
    private const string XBaseString =
        "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26"
        + "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26"
        + "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26"
        + "oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26"
        + "status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521";

    private static readonly OAuth1Credentials XCredentials = new(
        "xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE");

    private static OAuth1Signer XSigner() => new(
        XCredentials,
        new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1318622958)),
        () => "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg");

    private static readonly Uri XUri = new("https://api.twitter.com/1.1/statuses/update.json?include_entities=true");

    private static readonly KeyValuePair<string, string>[] XBody = [new("status", "Hello Ladies + Gentlemen, a signed OAuth request!")];

    [Fact]
    public void X_example_base_string()
    {
        var parameters = OAuth1Encoding.ParseFormEncoded(XUri.Query).Concat(XSigner().CreateProtocolParameters()).Concat(XBody);

        Assert.Equal(XBaseString, OAuth1SignatureBase.Build("POST", XUri, parameters));
    }

    [Fact]
    public void X_example_signature_and_signing_key()
    {
        Assert.Equal("hCtSmYh+iHYCEqBWrE7C7hYmtUk=",
            OAuth1Signer.ComputeSignature(XBaseString, XCredentials.ConsumerSecret, XCredentials.TokenSecret));
        Assert.Equal("hCtSmYh+iHYCEqBWrE7C7hYmtUk=", XSigner().Sign("POST", XUri, XSigner().CreateProtocolParameters(), XBody));
    }

    [Fact]
    public void X_example_authorization_header()
    {
        var header = XSigner().CreateAuthorizationHeader(HttpMethod.Post, XUri, XBody);

        Assert.Equal(
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
            + "oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", "
            + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"",
            header);
    }

    [Fact]
    public void The_timestamp_comes_from_the_clock_and_each_request_is_signed_anew()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var signer = new OAuth1Signer(XCredentials, time, () => "nonce");
        var uri = new Uri("https://api.x.com/2/tweets");

        var header = OAuth1AuthorizationHeader.Parse(signer.CreateAuthorizationHeader(HttpMethod.Post, uri))!.ToDictionary(p => p.Key, p => p.Value);
        time.Advance(TimeSpan.FromSeconds(5));
        var later = OAuth1AuthorizationHeader.Parse(signer.CreateAuthorizationHeader(HttpMethod.Post, uri))!.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("1700000000", header["oauth_timestamp"]);
        Assert.Equal("1700000005", later["oauth_timestamp"]);
        var expected = OAuth1Signer.ComputeSignature(OAuth1SignatureBase.Build("POST", uri, header.Where(p => p.Key != "oauth_signature")), XCredentials.ConsumerSecret, XCredentials.TokenSecret);
        Assert.Equal(expected, header["oauth_signature"]);
        Assert.NotEqual(header["oauth_signature"], later["oauth_signature"]);
    }

    [Theory]
    [InlineData("abcXYZ019", "abcXYZ019")]
    [InlineData("-._~", "-._~")]
    [InlineData(" ", "%20")]
    [InlineData("+", "%2B")]
    [InlineData("!*'()", "%21%2A%27%28%29")]
    [InlineData("%", "%25")]
    [InlineData("&=?/:#[]@$,;", "%26%3D%3F%2F%3A%23%5B%5D%40%24%2C%3B")]
    [InlineData("é", "%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void Percent_encoding_follows_rfc_5849_section_3_6(string raw, string encoded)
    {
        Assert.Equal(encoded, OAuth1Encoding.PercentEncode(raw));
    }

    [Theory]
    [InlineData("http://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X")]
    [InlineData("https://www.example.net:8080/?q=1", "https://www.example.net:8080/")]
    [InlineData("HTTPS://API.X.COM:443/2/tweets", "https://api.x.com/2/tweets")]
    [InlineData("http://127.0.0.1:5190/2/users/me#frag", "http://127.0.0.1:5190/2/users/me")]
    [InlineData("http://example.com", "http://example.com/")]
    public void Base_string_uri_follows_rfc_5849_section_3_4_1_2(string uri, string expected)
    {
        Assert.Equal(expected, OAuth1SignatureBase.BaseStringUri(new Uri(uri)));
    }

    [Fact]
    public void Parameters_sort_by_encoded_name_then_value_and_keep_duplicates()
    {
        KeyValuePair<string, string>[] parameters = [new("b", "2"), new("a", "z"), new("a", "y"), new("A", "1"), new("a b", ""), new("oauth_signature", "dropped")];

        Assert.Equal("A=1&a=y&a=z&a%20b=&b=2", OAuth1SignatureBase.NormalizeParameters(parameters));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("OAuth oauth_nonce=unquoted")]
    [InlineData("OAuth =\"x\"")]
    public void A_malformed_authorization_header_is_refused(string? header)
    {
        Assert.Null(OAuth1AuthorizationHeader.Parse(header));
    }

    [Fact]
    public void Nonces_are_fresh_alphanumeric_strings()
    {
        var nonces = Enumerable.Range(0, 50).Select(_ => OAuth1Signer.NewNonce()).ToList();

        Assert.All(nonces, n => Assert.True(n.Length >= 32 && n.All(char.IsAsciiLetterOrDigit), n));
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }
}
