using System.ServiceModel.Syndication;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace XBot.Core.Candidates.Sources;

/// <summary>
/// RSS and Atom feeds from configured URLs, parsed with System.ServiceModel.Syndication. A feed that
/// fails is logged and skipped; the others still contribute.
/// </summary>
public sealed partial class RssFeedSource(
    IHttpClientFactory httpClients,
    IOptions<CandidateOptions> options,
    TimeProvider time,
    ILogger<RssFeedSource> logger) : ICandidateSource
{
    public const string HttpClientName = "rss";

    /// <summary>Room left for the link (23 weighted characters) and a space in a 280-character post.</summary>
    private const int MaxTitleLength = 240;

    public string Name => "rss";

    public bool IsEnabled => options.Value.Rss.Enabled && options.Value.Rss.Feeds.Count > 0;

    public async Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken)
    {
        var feeds = options.Value.Rss.Feeds;
        var perFeed = Math.Max(1, count / Math.Max(1, feeds.Count));
        var drafts = new List<CandidateDraft>();
        foreach (var feed in feeds)
        {
            try
            {
                drafts.AddRange(await ReadFeedAsync(feed, perFeed, cancellationToken));
            }
            // Any failure of one feed (network, timeout, malformed or unsupported XML) must not stop the others.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogFeedFailed(logger, feed.Url, ex.Message);
            }
        }
        return [.. drafts.Take(count)];
    }

    private async Task<IEnumerable<CandidateDraft>> ReadFeedAsync(FeedOptions feed, int take, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Rss.Timeout);
        var client = httpClients.CreateClient(HttpClientName);
        await using var stream = await client.GetStreamAsync(feed.Url, timeout.Token);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Ignore });
        var syndication = SyndicationFeed.Load(reader);

        var now = time.GetUtcNow();
        return syndication.Items
            .OrderByDescending(item => item.PublishDate)
            .Select(item => ToDraft(item, feed.Topic, now))
            .OfType<CandidateDraft>()
            .Take(take)
            .ToList();
    }

    private CandidateDraft? ToDraft(SyndicationItem item, string topic, DateTimeOffset now)
    {
        var title = item.Title?.Text?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return null;
        }
        if (title.Length > MaxTitleLength)
        {
            title = title[..(MaxTitleLength - 1)].TrimEnd() + "…";
        }

        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri?.ToString();
        var created = item.PublishDate != default ? item.PublishDate : now;
        return new CandidateDraft(link is null ? title : $"{title} {link}", topic, Name, created, link);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Url} could not be read and was skipped: {Reason}")]
    private static partial void LogFeedFailed(ILogger logger, string url, string reason);
}
