using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XBot.Core.Audit;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Text;

namespace XBot.Core.Candidates;

/// <summary>
/// One candidate refresh (runbooks §8, "Preparation"): ask every enabled source, then for each draft
/// normalise, check the weighted length and hashtags, drop duplicates and near-duplicates within the batch
/// and against the last 7 days, compute the priority and queue it, durable in PostgreSQL first, then in the
/// Redis queue. Each source fills up to <c>Candidates:BatchSize</c>; a source that runs out says so in
/// <see cref="RefreshReport.Warning"/>.
/// </summary>
public sealed partial class CandidateRefresher(
    IEnumerable<ICandidateSource> sources,
    IDualStore store,
    PostLifecycleStore lifecycle,
    CandidateQueue queue,
    AuditLog audit,
    IOptions<CandidateOptions> options,
    IOptions<SchedulerOptions> scheduler,
    TimeProvider time,
    ILogger<CandidateRefresher> logger)
{
    /// <summary>The audit event written when a source runs dry: the worker's health line can warn on a recent one.</summary>
    public const string ExhaustedEvent = "CANDIDATES_EXHAUSTED";

    public async Task<RefreshReport> RefreshAsync(CancellationToken cancellationToken)
    {
        var config = await store.GetBotConfigAsync(cancellationToken);
        var now = time.GetUtcNow();
        var localHour = TimeZoneInfo.ConvertTime(now, scheduler.Value.ResolveTimeZone()).Hour;
        var wanted = options.Value.BatchSize;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var report = new RefreshReport();
        var queuedTopics = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var exhausted = new List<string>();

        foreach (var source in sources.Where(s => s.IsEnabled))
        {
            IReadOnlyList<CandidateDraft> drafts;
            var asked = wanted * Math.Max(1, source.Oversupply);
            try
            {
                drafts = await source.GenerateAsync(asked, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogSourceFailed(logger, source.Name, ex.Message);
                continue;
            }

            var queuedFromSource = 0;
            var offered = 0;
            foreach (var draft in drafts)
            {
                if (queuedFromSource == wanted)
                {
                    break;
                }
                offered++;
                report.Generated++;
                if (await PrepareAndQueueAsync(draft, config.MaxHashtags, seen, report, now, localHour, cancellationToken))
                {
                    queuedFromSource++;
                    queuedTopics[draft.Topic] = queuedTopics.GetValueOrDefault(draft.Topic) + 1;
                }
            }
            if (queuedFromSource < wanted && drafts.Count < asked)
            {
                // The source gave all it has and it was not enough: more refreshes won't change that until posts age out.
                exhausted.Add($"{source.Name} offered all {offered} drafts it has and {queuedFromSource} could be queued");
            }
        }

        if (exhausted.Count > 0)
        {
            report.Warning = "candidate sources exhausted: " + string.Join("; ", exhausted) +
                ". The rest repeat or nearly repeat a post of the last 7 days. Add topics or templates (Candidates:Topics), an RSS feed (Candidates:Rss:Feeds) or an LLM (OPENAI_API_KEY).";
            LogExhausted(logger, report.Warning);
            // Durable, so a process other than this one (the worker's health line) can see it.
            await audit.WriteAsync(new AuditEvent(ExhaustedEvent, "candidates", AuditSeverity.Warning, new JsonObject
            {
                ["message"] = report.Warning,
                ["queued"] = report.Queued,
                ["wanted"] = wanted,
            }), cancellationToken);
        }
        report.QueueDepth = await queue.DepthAsync(cancellationToken);
        report.TopTopics = [.. queuedTopics.OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(5).Select(t => new TopicCount(t.Key, t.Value))];
        LogRefreshed(logger, report.Generated, report.Queued, report.Duplicates, report.Refused, report.QueueDepth);
        return report;
    }

    /// <summary>Normalise, check length and hashtags, drop duplicates of the batch and of the last 7 days, score and queue.</summary>
    private async Task<bool> PrepareAndQueueAsync(
        CandidateDraft draft, int maxHashtags, HashSet<string> seen, RefreshReport report, DateTimeOffset now, int localHour, CancellationToken cancellationToken)
    {
        var prepared = PreparedText.From(draft.Text, maxHashtags);
        if (!prepared.IsValid)
        {
            report.Refused++;
            report.RefusedReasons.Add($"{draft.Source}: {string.Join("; ", prepared.Problems)}");
            return false;
        }
        if (!seen.Add(prepared.Hash ?? prepared.Text))
        {
            report.Duplicates++;
            return false;
        }

        // Earlier drafts of this batch are queued rows by now, so this also catches near-duplicates within the batch.
        var dedup = await store.CheckDuplicateAsync(prepared.Text, cancellationToken);
        if (dedup.Verdict == DuplicateVerdict.Duplicate)
        {
            report.Duplicates++;
            if (dedup.Similarity is < 1.0)
            {
                report.NearDuplicates++;
            }
            return false;
        }
        if (dedup.Verdict == DuplicateVerdict.Unknown)
        {
            // Fails closed: a candidate nobody could check is not queued.
            report.Unchecked++;
            return false;
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
            return false;
        }

        await queue.AddAsync(id.Value, priority, cancellationToken);
        report.Queued++;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Candidate source {Source} failed; the others still ran: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogExhausted(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidates refreshed: {Generated} generated, {Queued} queued, {Duplicates} duplicates, {Refused} refused; queue depth {Depth}")]
    private static partial void LogRefreshed(ILogger logger, int generated, int queued, int duplicates, int refused, long depth);
}

/// <summary>What one refresh did; printed by <c>candidates refresh</c>.</summary>
public sealed class RefreshReport
{
    public int Generated { get; set; }

    /// <summary>Drafts dropped as duplicates (same fingerprint) or near-duplicates of the batch or of the last 7 days.</summary>
    public int Duplicates { get; set; }

    /// <summary>Of <see cref="Duplicates"/>, those that were near-duplicates.</summary>
    public int NearDuplicates { get; set; }
    public int Refused { get; set; }
    public int Unchecked { get; set; }
    public int Queued { get; set; }
    public long QueueDepth { get; set; }
    public IReadOnlyList<TopicCount> TopTopics { get; set; } = [];
    public List<string> RefusedReasons { get; } = [];

    /// <summary>Set when a source has given everything it has and could not fill the batch: says so plainly, and what to add.</summary>
    public string? Warning { get; set; }
}

public sealed record TopicCount(string Topic, int Count);
