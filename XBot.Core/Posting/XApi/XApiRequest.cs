namespace XBot.Core.Posting.XApi;

/// <summary>
/// What the client tells the handlers about a request, and what they tell it back, through
/// <see cref="HttpRequestMessage.Options"/> (one message is shared by every attempt).
/// </summary>
internal static class XApiRequest
{
    /// <summary>The rate-limit key, one of <see cref="XEndpoints"/>.</summary>
    public static readonly HttpRequestOptionsKey<string> Endpoint = new("xbot.x-api.endpoint");

    /// <summary>Set by <see cref="XRateLimitHandler"/> when X answered 429: until when the endpoint is closed.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> RateLimitedUntil = new("xbot.x-api.rate-limited-until");

    public static string EndpointOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Endpoint, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException("An X API request must name its endpoint (XApiRequest.Endpoint) for the rate-limit state.");
}

/// <summary>Thrown before sending when the rate-limit state knows the endpoint is exhausted; nothing was sent.</summary>
public sealed class XRateLimitedException(string endpoint, DateTimeOffset until)
    : Exception($"{endpoint} is rate-limited until {until:O}; the request was not sent.")
{
    public string Endpoint { get; } = endpoint;

    public DateTimeOffset Until { get; } = until;
}

/// <summary>An X API call was made without credentials: a programming or configuration error, not an X answer.</summary>
public sealed class XApiNotConfiguredException()
    : InvalidOperationException($"The X API credentials are not configured: set {XApiOptionsBinder.ApiKey}, {XApiOptionsBinder.ApiSecret}, {XApiOptionsBinder.AccessToken} and {XApiOptionsBinder.AccessTokenSecret}.");
