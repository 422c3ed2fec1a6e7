using System.Text.Json;
using Microsoft.Extensions.Options;
using XBot.Core.Candidates;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Safety;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Text;

namespace XBot.Core.Operations;

public enum SubmissionOutcome
{
    /// <summary>Queued now; the scheduler posts it like any candidate, first in line.</summary>
    Queued,

    /// <summary>This request id was queued before: the same row is returned, nothing new is queued.</summary>
    AlreadyQueued,

    /// <summary>The text breaks a preparation rule or the safety guard refused it.</summary>
    Refused,

    /// <summary>It repeats, or nearly repeats, a live post of the last 7 days.</summary>
    Duplicate,

    /// <summary>Neither store could answer the duplicate check (fails closed): try again.</summary>
    Unchecked,
}

/// <summary>What happened to a submitted text, with every verdict it got.</summary>
public sealed record SubmissionResult(
    SubmissionOutcome Outcome,
    long? Id,
    string? Status,
    string Text,
    int WeightedLength,
    IReadOnlyList<string> Problems,
    SafetyVerdict? Safety,
    DuplicateCheck? Dedup,
    double Priority);

/// <summary>
/// <c>POST /api/tweet</c>: a human's text goes through the candidates' preparation, safety guard and dedup,
/// and is queued with <see cref="Priority"/> so it goes before generated candidates. An optional client
/// request id makes the call idempotent: the unique index on <c>request_id</c> decides a race, so any number
/// of concurrent retries queue one row.
/// </summary>
public sealed class ManualSubmissions(
    IDualStore store,
    SafetyGuard safety,
    PostLifecycleStore lifecycle,
    CandidateQueue queue,
    IOptions<CandidateOptions> candidates,
    TimeProvider time)
{
    public const string Source = "manual";
    public const int MaxRequestIdLength = 200;
    public const int MaxTextLength = 10_000;

    /// <summary>Above any computed candidate priority, so that a human's post is next.</summary>
    public const double Priority = 1000;

    public async Task<SubmissionResult> SubmitAsync(string text, string? requestId, string actor, CancellationToken cancellationToken)
    {
        actor = StoreLimits.CheckActor(actor);
        CheckInput(text, requestId);
        if (requestId is not null && await lifecycle.FindByRequestIdAsync(requestId, cancellationToken) is { } earlier)
        {
            return Again(earlier);
        }

        var checkedText = await CheckAsync(text, cancellationToken);
        if (checkedText.Outcome != SubmissionOutcome.Queued)
        {
            // A concurrent retry with this request id may have queued the text meanwhile: that is the same submission, not a duplicate.
            return checkedText.Outcome == SubmissionOutcome.Duplicate && requestId is not null && await lifecycle.FindByRequestIdAsync(requestId, cancellationToken) is { } racer
                ? Again(racer)
                : checkedText;
        }

        var id = await lifecycle.EnqueueAsync(
            new NewPost(checkedText.Text, "", Source, null, Priority, time.GetUtcNow() + candidates.Value.Expiry,
                JsonSerializer.Serialize(checkedText.Safety), actor, requestId),
            cancellationToken);
        if (id is null)
        {
            // The unique indexes decided: a concurrent call with this request id won, or the text went live meanwhile.
            return requestId is not null && await lifecycle.FindByRequestIdAsync(requestId, cancellationToken) is { } winner
                ? Again(winner)
                : checkedText with { Outcome = SubmissionOutcome.Duplicate };
        }
        await queue.AddAsync(id.Value, Priority, cancellationToken);
        return checkedText with { Id = id, Status = "queued" };
    }

    /// <summary>
    /// The same preparation, safety and dedup, changing nothing: <c>POST /api/test-tweet</c>. Outcome
    /// <see cref="SubmissionOutcome.Queued"/> here means "would be queued".
    /// </summary>
    public async Task<SubmissionResult> CheckAsync(string text, CancellationToken cancellationToken)
    {
        CheckInput(text, null);
        var config = await store.GetBotConfigAsync(cancellationToken);
        var prepared = PreparedText.From(text, config.MaxHashtags);
        var verdict = await safety.CheckAsync(prepared.Text, config.MaxHashtags, cancellationToken);
        var dedup = await store.CheckDuplicateAsync(prepared.Text, cancellationToken);
        var outcome = !prepared.IsValid || !verdict.Allowed ? SubmissionOutcome.Refused
            : dedup.Verdict == DuplicateVerdict.Duplicate ? SubmissionOutcome.Duplicate
            : dedup.Verdict == DuplicateVerdict.Unknown ? SubmissionOutcome.Unchecked
            : SubmissionOutcome.Queued;
        return new SubmissionResult(outcome, null, null, prepared.Text, prepared.WeightedLength, prepared.Problems, verdict, dedup, Priority);
    }

    private static SubmissionResult Again(PostRow row) =>
        new(SubmissionOutcome.AlreadyQueued, row.Id, row.Status, row.Content, WeightedLength.Of(row.Content), [], null, null, row.Priority ?? Priority);

    private static void CheckInput(string text, string? requestId)
    {
        if (text is null || text.Length > MaxTextLength)
        {
            throw new ArgumentException($"text must be at most {MaxTextLength} characters.", nameof(text));
        }
        if (requestId is not null && (requestId.Length is 0 or > MaxRequestIdLength || requestId.Any(char.IsControl)))
        {
            throw new ArgumentException($"requestId must be 1-{MaxRequestIdLength} printable characters.", nameof(requestId));
        }
    }
}
