using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// The X API v2 client (a typed HttpClient; see <see cref="XApiServiceExtensions.AddXApi"/> for its
/// handlers). It turns every answer, and every way of getting none, into an outcome the caller can act
/// on without guessing; it never logs a secret or a header.
/// </summary>
public sealed partial class XApiClient(HttpClient http, XApiOptions options, ILogger<XApiClient> logger) : IXApiClient
{
    public bool IsConfigured => options.HasCredentials;

    public async Task<PostResult> PostTweetAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        EnsureConfigured();

        using var request = NewRequest(HttpMethod.Post, "2/tweets", XEndpoints.CreateTweet);
        request.Content = XApiWire.CreateTweetBody(text);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && ClassifyPostFailure(exception) is { } outcome)
        {
            LogPostNotAnswered(logger, outcome.GetType().Name, exception.GetType().Name, exception.Message);
            return outcome;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new PostResult.RateLimited(RateLimitedUntil(request), Sent: true);
            }
            var body = await ReadBodyAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var created = TryDeserialize<XApiWire.Single<XApiWire.Tweet>>(body)?.Data;
                return created?.Id is { Length: > 0 } id
                    ? new PostResult.Posted(id, created.Text ?? text)
                    // X said yes but the id is unreadable: the post most likely exists, so treat it as unknown.
                    : new PostResult.Unknown($"X answered {status} without a readable post id.");
            }
            var problem = XProblem.Parse(body, status);
            if (response.StatusCode == HttpStatusCode.PaymentRequired)
            {
                return new PostResult.PaymentRequired($"{problem.Title}: {problem.Detail}".TrimEnd(' ', ':'));
            }
            if (status >= 500)
            {
                // X has been seen to create a post and still answer 5xx, so a 5xx is not a "no".
                return new PostResult.Unknown($"X answered {status} {problem.Title}: {problem.Detail}".TrimEnd(' ', ':'));
            }
            if (status == 403 && problem.IsDuplicateContent)
            {
                return new PostResult.Duplicate(problem.Detail);
            }
            return new PostResult.Failed(status, problem.Title, problem.Detail);
        }
    }

    public async Task<XTweetLookup> GetTweetsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Select(id => id?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var invalid = distinct.Where(id => !IsId(id)).ToList();
        if (invalid.Count > 0)
        {
            throw new ArgumentException($"Post ids are decimal numbers; these are not: {string.Join(", ", invalid.Select(i => $"'{i}'"))}.", nameof(ids));
        }
        EnsureConfigured();

        var tweets = new List<XTweet>();
        var notFound = new List<string>();
        var batches = distinct.Chunk(XEndpoints.MaxIdsPerLookup).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            var result = await GetAsync<XApiWire.Many<XApiWire.Tweet>>(
                $"2/tweets?ids={string.Join(',', batch)}&tweet.fields=public_metrics,created_at", XEndpoints.LookupTweets, cancellationToken);
            if (!result.IsSuccess)
            {
                return new XTweetLookup(tweets, notFound, batches.Skip(i).SelectMany(b => b).ToList(), result.Error);
            }
            var found = (result.Value!.Data ?? []).Select(XApiWire.ToModel).OfType<XTweet>().ToList();
            tweets.AddRange(found);
            var errors = result.Value.Errors ?? [];
            notFound.AddRange(errors.Where(XApiWire.IsNotFound).Select(e => e.ResourceId ?? e.Value).OfType<string>()
                .Where(id => batch.Contains(id, StringComparer.Ordinal)));
            // An id X neither returned nor reported gone (another problem, or silently left out) is not
            // known to be deleted: it stays unfetched, so that nothing concludes from its absence.
            var unanswered = batch.Where(id => !found.Any(t => t.Id == id) && !notFound.Contains(id, StringComparer.Ordinal)).ToList();
            if (unanswered.Count > 0)
            {
                var problem = errors.FirstOrDefault(e => !XApiWire.IsNotFound(e));
                var error = new XReadError(XReadErrorKind.Transient,
                    $"{XEndpoints.LookupTweets} left {unanswered.Count} id(s) unanswered{(problem is null ? "" : $": {problem.Title} {problem.Detail}".TrimEnd())}");
                return new XTweetLookup(tweets, notFound.Distinct(StringComparer.Ordinal).ToList(),
                    unanswered.Concat(batches.Skip(i + 1).SelectMany(b => b)).ToList(), error);
            }
        }
        return new XTweetLookup(tweets, notFound.Distinct(StringComparer.Ordinal).ToList(), [], null);
    }

    public async Task<XReadResult<XUser>> GetMeAsync(CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        var result = await GetAsync<XApiWire.Single<XApiWire.User>>("2/users/me", XEndpoints.Me, cancellationToken);
        if (!result.IsSuccess)
        {
            return XReadResult<XUser>.Fail(result.Error!);
        }
        return result.Value!.Data is { Id: { Length: > 0 } id } user
            ? XReadResult<XUser>.Ok(new XUser(id, user.Username ?? "", user.Name ?? ""))
            : XReadResult<XUser>.Fail(new XReadError(XReadErrorKind.Transient, "X answered /2/users/me without an account id."));
    }

    public async Task<XReadResult<XTimelinePage>> GetRecentTweetsAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (!IsId(userId))
        {
            throw new ArgumentException($"The account id must be a decimal number; got '{userId}'.", nameof(userId));
        }
        EnsureConfigured();
        var result = await GetAsync<XApiWire.Many<XApiWire.Tweet>>(
            $"2/users/{userId}/tweets?max_results={XEndpoints.MaxTimelineResults}&tweet.fields=created_at", XEndpoints.UserTweets, cancellationToken);
        if (!result.IsSuccess)
        {
            return XReadResult<XTimelinePage>.Fail(result.Error!);
        }
        return XTimelineAnswer.Read(result.Value!);
    }

    public async Task<XReadResult<XRecentPostSearch>> FindRecentPostAsync(string text, string? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (userId is null)
        {
            var me = await GetMeAsync(cancellationToken);
            if (!me.IsSuccess)
            {
                return XReadResult<XRecentPostSearch>.Fail(me.Error!);
            }
            userId = me.Value!.Id;
        }
        var page = await GetRecentTweetsAsync(userId, cancellationToken);
        if (!page.IsSuccess)
        {
            return XReadResult<XRecentPostSearch>.Fail(page.Error!);
        }
        var tweets = page.Value!.Tweets;
        var match = tweets.FirstOrDefault(t => RecentPostMatcher.Matches(text, t.Text));
        // Only dates X gave count: a post without created_at must not read as "older than anything".
        var dated = tweets.Select(t => t.CreatedAt).OfType<DateTimeOffset>().ToList();
        return XReadResult<XRecentPostSearch>.Ok(new XRecentPostSearch(match, tweets.Count, page.Value.NextToken is null,
            dated.Count == 0 ? null : dated.Min()));
    }

    private async Task<XReadResult<T>> GetAsync<T>(string relativeUri, string endpoint, CancellationToken cancellationToken) where T : class
    {
        using var request = NewRequest(HttpMethod.Get, relativeUri, endpoint);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (XRateLimitedException limited)
        {
            return XReadResult<T>.Fail(new XReadError(XReadErrorKind.RateLimited, limited.Message, RetryAt: limited.Until));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                          && exception is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            return XReadResult<T>.Fail(new XReadError(XReadErrorKind.Transient, $"{endpoint} got no answer: {exception.Message}"));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var until = RateLimitedUntil(request);
                return XReadResult<T>.Fail(new XReadError(XReadErrorKind.RateLimited, $"{endpoint} answered 429; closed until {until:O}.", status, until));
            }
            var body = await ReadBodyAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return TryDeserialize<T>(body) is { } value
                    ? XReadResult<T>.Ok(value)
                    : XReadResult<T>.Fail(new XReadError(XReadErrorKind.Transient, $"{endpoint} answered {status} with a body that isn't the expected JSON.", status));
            }
            var problem = XProblem.Parse(body, status);
            var kind = response.StatusCode == HttpStatusCode.PaymentRequired ? XReadErrorKind.PaymentRequired
                : status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout ? XReadErrorKind.Transient
                : XReadErrorKind.Failed;
            return XReadResult<T>.Fail(new XReadError(kind, $"{endpoint} answered {status} {problem.Title}: {problem.Detail}".TrimEnd(' ', ':'), status));
        }
    }

    /// <summary>What a POST that got no answer means. Null for anything that isn't a transport failure (rethrown).</summary>
    private static PostResult? ClassifyPostFailure(Exception exception) => exception switch
    {
        XRateLimitedException limited => new PostResult.RateLimited(limited.Until, Sent: false),
        // These fail before a byte of the request is written, so X certainly didn't get it.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } e => new PostResult.NotSent(e.Message),
        HttpRequestException e => new PostResult.Unknown($"The connection failed after the request was sent ({e.HttpRequestError}): {e.Message}"),
        TimeoutRejectedException e => new PostResult.Unknown($"No answer in time: {e.Message}"),
        OperationCanceledException e => new PostResult.Unknown($"The request was abandoned: {e.Message}"),
        _ => null,
    };

    private HttpRequestMessage NewRequest(HttpMethod method, string relativeUri, string endpoint)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, relativeUri));
        request.Options.Set(XApiRequest.Endpoint, endpoint);
        return request;
    }

    private Uri BaseUrl => options.BaseUrl.AbsolutePath.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");

    private static DateTimeOffset RateLimitedUntil(HttpRequestMessage request) =>
        request.Options.TryGetValue(XApiRequest.RateLimitedUntil, out var until) ? until : DateTimeOffset.MinValue;

    private void EnsureConfigured()
    {
        if (!options.HasCredentials)
        {
            throw new XApiNotConfiguredException();
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            // The status line arrived but the body didn't; the status alone still says enough.
            return "";
        }
    }

    private static T? TryDeserialize<T>(string body) where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<T>(body, XApiWire.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsId(string? id) => id is { Length: > 0 and <= 19 } && id.All(char.IsAsciiDigit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POST /2/tweets got no answer ({Outcome}): {ExceptionType}: {Reason}")]
    private static partial void LogPostNotAnswered(ILogger logger, string outcome, string exceptionType, string reason);
}
