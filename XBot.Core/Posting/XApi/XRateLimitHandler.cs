namespace XBot.Core.Posting.XApi;

/// <summary>
/// Sits inside the resilience pipeline, so it sees every attempt: before sending it reads back the
/// persisted windows and asks the <see cref="XRateLimitState"/> (and sends nothing when the endpoint is
/// known to be exhausted), and after every answer, 429 or not, it records the rate-limit headers and
/// persists them. A rate-limit-looking header it can't read is logged once per process.
/// </summary>
internal sealed class XRateLimitHandler(XRateLimitState state, XRateLimitPersistence persistence, XUnknownHeaderLog unknownHeaders, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = XApiRequest.EndpointOf(request);
        await persistence.LoadAsync(endpoint, cancellationToken);
        if (state.TryReserve(endpoint) is { } until)
        {
            throw new XRateLimitedException(endpoint, until);
        }

        var response = await base.SendAsync(request, cancellationToken);
        var windows = XRateLimitHeaders.Parse(response.Headers);
        unknownHeaders.Observe(endpoint, response.Headers.Select(h => h.Key));
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            var retryAfter = XRateLimitHeaders.RetryAfter(response.Headers, timeProvider.GetUtcNow());
            request.Options.Set(XApiRequest.RateLimitedUntil, state.RecordTooManyRequests(endpoint, windows, retryAfter));
        }
        else
        {
            state.Record(endpoint, windows);
        }
        await persistence.SaveAsync(endpoint, CancellationToken.None);
        return response;
    }
}
