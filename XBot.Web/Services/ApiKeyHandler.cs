using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using XBot.Web.Auth;

namespace XBot.Web.Services;

/// <summary>Signs every call to the api with the admin API key; the console's operator never sees the key.</summary>
public sealed class ApiKeyHandler(IOptions<AdminOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
