using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// The X client's own resilience pipeline, used instead of the standard handler every other HttpClient
/// gets from ServiceDefaults: the standard one retries POSTs and 429s, and either could post twice or
/// hammer a closed window. Here reads are retried after 5xx, 408, network errors and timeouts, with
/// exponential back-off and jitter; a 429 is never retried (the rate-limit state holds it until the
/// reset); and POST is never retried at all.
/// </summary>
public static class XApiResilience
{
    public const string PipelineName = "x-api";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, XApiOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.ReadRetries, 1),
            Delay = options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldHandle = args => ValueTask.FromResult(options.ReadRetries > 0 && IsTransient(args.Outcome)),
        };
        // Wraps the predicate above: POST, PUT, PATCH, DELETE and CONNECT are never retried, whatever happened.
        retry.DisableForUnsafeHttpMethods();

        builder
            .AddRetry(retry)
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }

    /// <summary>Worth another attempt for a read: the server or the network failed, not the request.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: XRateLimitedException } => false,
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
