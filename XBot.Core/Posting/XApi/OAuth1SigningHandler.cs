using System.Net.Http.Headers;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Signs each attempt just before it is sent, so that a retried read carries a fresh nonce and timestamp.
/// Only a form-encoded body is signed (RFC 5849 §3.4.1.3.1); the JSON of <c>POST /2/tweets</c> is not.
/// </summary>
internal sealed class OAuth1SigningHandler(XApiOptions options, TimeProvider timeProvider) : DelegatingHandler
{
    private OAuth1Signer? _signer;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signer = _signer ??= new OAuth1Signer(options.Credentials ?? throw new XApiNotConfiguredException(), timeProvider);
        IReadOnlyList<KeyValuePair<string, string>>? form = null;
        if (request.Content?.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
        {
            form = OAuth1Encoding.ParseFormEncoded(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        var header = signer.CreateAuthorizationHeader(request.Method, request.RequestUri!, form);
        request.Headers.Authorization = new AuthenticationHeaderValue(OAuth1AuthorizationHeader.Scheme, header[(OAuth1AuthorizationHeader.Scheme.Length + 1)..]);
        return await base.SendAsync(request, cancellationToken);
    }
}
