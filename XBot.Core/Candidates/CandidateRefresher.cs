using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Text;

namespace XBot.Core.Candidates;

/// <summary>
/// One candidate refresh (runbooks §8, "Preparation"): ask every enabled source, then for each draft
/// normalise, check the weighted length and hashtags, drop duplicates within the batch and against the
/// last 7 days, compute the priority and queue it, durable in PostgreSQL first, then in the Redis queue.
/// </summary>
public sealed partial class CandidateRefresher(
    IEnumerable<ICandidateSource> sources,
    IDualStore store,
    PostLifecycleStore lifecycle,
    CandidateQueue queue,
    IOptions<CandidateOptions> options,
    IOptions<SchedulerOptions> scheduler,
    TimeProvider time,
    ILogger<CandidateRefresher> logger)
{
    public async Task<RefreshReport> RefreshAsync(CancellationToken cancellationToken)
    {
        var config = await store.GetBotConfigAsync(cancellationToken);
        var drafts = new List<CandidateDraft>();
        foreach (var source in sources.Where(s => s.IsEnabled))
        {
            try
            {
                drafts.AddRange(await source.GenerateAsync(options.Value.BatchSize, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogSourceFailed(logger, source.Name, ex.Message);
            }
        }

        var now = time.GetUtcNow();
        var localHour = TimeZoneInfo.ConvertTime(now, scheduler.Value.ResolveTimeZone()).Hour;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var report = new RefreshReport { Generated = drafts.Count };
        var queuedTopics = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        foreach (var draft in drafts)
        {
            var prepared = PreparedText.From(draft.Text, config.MaxHashtags);
            if (!prepared.IsValid)
            {
                report.Refused++;
                report.RefusedReasons.Add($"{draft.Source}: {string.Join("; ", prepared.Problems)}");
                continue;
            }
            if (!seen.Add(prepared.Hash ?? prepared.Text))
            {
                report.Duplicates++;
                continue;
            }

            var dedup = await store.CheckDuplicateAsync(prepared.Text, cancellationToken);
            if (dedup.Verdict == DuplicateVerdict.Duplicate)
            {
                report.Duplicates++;
                continue;
            }
            if (dedup.Verdict == DuplicateVerdict.Unknown)
            {
                // Fails closed: a candidate nobody could check is not queued.
                report.Unchecked++;
                continue;
            }

            var topicBoost = options.Value.Topics.FirstOrDefault(t => string.Equals(t.Name, draft.Topic, StringComparison.OrdinalIgnoreCase))?.Boost ?? 0;
            var priority = CandidatePriority.Compute(draft.CreatedAt, topicBoost, draft.HasMedia, now, localHour, options.Value);
            var id = await lifecycle.EnqueueAsync(
                new NewPost(prepared.Text, prepared.Hash ?? "", draft.Source, draft.Topic, priority, now + options.Value.Expiry),
                cancellationToken);
            if (id is null)
            {
                // The unique index, the last line of defence, caught what the dedup check did not.
                report.Duplicates++;
                continue;
            }

            await queue.AddAsync(id.Value, priority, cancellationToken);
            report.Queued++;
            queuedTopics[draft.Topic] = queuedTopics.GetValueOrDefault(draft.Topic) + 1;
        }

        report.QueueDepth = await queue.DepthAsync(cancellationToken);
        report.TopTopics = [.. queuedTopics.OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(5).Select(t => new TopicCount(t.Key, t.Value))];
        LogRefreshed(logger, report.Generated, report.Queued, report.Duplicates, report.Refused, report.QueueDepth);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Candidate source {Source} failed; the others still ran: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidates refreshed: {Generated} generated, {Queued} queued, {Duplicates} duplicates, {Refused} refused; queue depth {Depth}")]
    private static partial void LogRefreshed(ILogger logger, int generated, int queued, int duplicates, int refused, long depth);
}

/// <summary>What one refresh did; printed by <c>candidates refresh</c>.</summary>
public sealed class RefreshReport
{
    public int Generated { get; set; }
    public int Duplicates { get; set; }
    public int Refused { get; set; }
    public int Unchecked { get; set; }
    public int Queued { get; set; }
    public long QueueDepth { get; set; }
    public IReadOnlyList<TopicCount> TopTopics { get; set; } = [];
    public List<string> RefusedReasons { get; } = [];
}

public sealed record TopicCount(string Topic, int Count);
