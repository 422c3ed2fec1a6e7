using XBot.Core.Storage.Tweets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Candidates;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Learning;
using XBot.Core.Operations;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Posting.XApi;
using XBot.Core.Safety;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.RateLimits;

namespace XBot.Core.Scheduling;

/// <summary>
/// One scheduling cycle (runbooks §8): reconcile anything X left unknown, then quiet hours, the minimum
/// interval, the hourly and daily caps, score the best candidates, safety on the best, the post_fraction
/// gate, approval, then post (live) or log the shadow line, and record the decision.
/// Exactly once: only the holder of the posting lock runs a cycle, the intent (status <c>posting</c>) is
/// committed before X is called, and an unknown outcome is reconciled against the account's recent posts
/// before anything is sent again.
/// </summary>
public sealed partial class SchedulingCycle(
    NpgsqlDataSource dataSource,
    IDualStore store,
    PostLifecycleStore lifecycle,
    CandidateQueue queue,
    SafetyGuard safety,
    IXApiClient x,
    IAlertSink alerts,
    XBot.Core.Spend.SpendLedger spend,
    XBotOptions xbot,
    XBot.Core.Storage.Fallback.StoreFlags storeFlags,
    IOptions<SchedulerOptions> scheduler,
    IOptions<CandidateOptions> candidates,
    ThompsonBandit bandit,
    IOptions<LearningOptions> learning,
    TimeProvider time,
    Random random,
    ILogger<SchedulingCycle> logger)
{
    private static readonly string Worker = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<CycleDecision> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var postingLock = await PostingLock.TryAcquireAsync(dataSource, cancellationToken);
        if (postingLock is null)
        {
            // Not recorded: the holder records this cycle.
            return new CycleDecision(CycleOutcome.Skipped, "another worker holds the posting lock", time.GetUtcNow());
        }

        CycleDecision decision;
        try
        {
            decision = await DecideAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A cycle that throws still leaves its trace, so that a stuck pipeline shows in schedule_decisions;
            // the exception goes on to the caller, which counts failed cycles.
            var failed = new CycleDecision(CycleOutcome.Failed, $"the cycle failed: {ex.GetType().Name}: {ex.Message}", time.GetUtcNow(), Live: xbot.LivePosts);
            await TryRecordAsync(failed, cancellationToken);
            LogCycleFailed(logger, ex, ex.GetType().Name, ex.Message);
            throw;
        }
        await lifecycle.RecordDecisionAsync(Worker, OutcomeText(decision.Outcome), decision.Reason, decision.TweetRow, decision, cancellationToken);
        LogDecision(logger, decision.Outcome, decision.Reason);
        return decision;
    }

    private static string OutcomeText(CycleOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private async Task TryRecordAsync(CycleDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            await lifecycle.RecordDecisionAsync(Worker, OutcomeText(decision.Outcome), decision.Reason, decision.TweetRow, decision, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // PostgreSQL may be what failed; the log line is then the only trace.
            LogDecisionNotRecorded(logger, ex.Message);
        }
    }

    private async Task<CycleDecision> DecideAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = xbot.LivePosts;
        var config = await store.GetBotConfigAsync(cancellationToken);
        await lifecycle.ExpireAsync(cancellationToken);

        var (settled, reconciled) = await ReconcileAsync(cancellationToken);
        if (!settled)
        {
            return new CycleDecision(CycleOutcome.Skipped, "a post with an unknown outcome could not be reconciled yet; nothing is sent until it is", now, Reconciled: reconciled, Live: live);
        }

        if (config.FeatureFlags.TryGetValue("posting", out var postingFlag) && postingFlag.RolloutPercent == 0)
        {
            return new CycleDecision(CycleOutcome.Skipped, "the posting feature flag is off", now, Reconciled: reconciled, Live: live);
        }

        var timeZone = scheduler.Value.ResolveTimeZone();
        if (SchedulingGates.IsQuietHour(now, timeZone, config.QuietHours))
        {
            return new CycleDecision(CycleOutcome.Skipped, $"quiet hours until {SchedulingGates.QuietUntil(now, timeZone, config.QuietHours):u}", now, Reconciled: reconciled, Live: live);
        }

        var remaining = SchedulingGates.IntervalRemaining(now, await lifecycle.LastPostAtAsync(cancellationToken), TimeSpan.FromMinutes(config.PostIntervalMin));
        if (remaining > TimeSpan.Zero)
        {
            return new CycleDecision(CycleOutcome.Skipped, $"minimum interval: {remaining.TotalMinutes:F0} more minutes", now, Reconciled: reconciled, Live: live);
        }

        var caps = CapRules(config);
        var peek = await store.PeekRateLimitAsync(caps, cancellationToken);
        if (!peek.Allowed)
        {
            return new CycleDecision(CycleOutcome.Skipped, CapReason(peek), now, Reconciled: reconciled, Live: live);
        }

        var localHour = TimeZoneInfo.ConvertTime(now, timeZone).Hour;
        // Independent reads, side by side: each waits on its own round trip.
        var approvedRead = lifecycle.ListAsync([TweetStatus.Approved], 1, cancellationToken);
        var queuedRead = queue.TopAsync(scheduler.Value.TopCandidates, cancellationToken);
        await Task.WhenAll(approvedRead, queuedRead);
        var (approved, queued) = (await approvedRead, await queuedRead);
        var (scores, engine, comparison) = await ScoreAsync(approved, queued, config, now, localHour, cancellationToken);
        // A human-approved post goes first: it already passed the gates when it was picked.
        var order = approved.Concat(queued.OrderBy(r => scores.FindIndex(s => s.Id == r.Id))).ToList();
        CycleDecision Explained(CycleDecision decision) => decision with { Engine = engine, Comparison = comparison };

        var refusals = new List<string>();
        foreach (var row in order)
        {
            var wasApproved = row.Status == TweetStatus.Approved;
            if (!wasApproved && !await lifecycle.TransitionAsync(row.Id, [TweetStatus.Queued], new Transition(TweetStatus.Picked, "picked by the scheduler") { Replayable = true }, cancellationToken))
            {
                continue;
            }
            await queue.RemoveAsync(row.Id, cancellationToken);
            var from = wasApproved ? TweetStatus.Approved : TweetStatus.Picked;

            var verdict = await safety.CheckAsync(row.Content, config.MaxHashtags, cancellationToken);
            var verdictJson = JsonSerializer.Serialize(verdict);
            if (!verdict.Allowed)
            {
                var why = string.Join("; ", verdict.Reasons.Select(r => $"{r.Rule}: {r.Detail}"));
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Refused, "refused by the safety guard") { SafetyVerdictJson = verdictJson, Error = why }, cancellationToken);
                refusals.Add($"#{row.Id}: {why}");
                continue;
            }

            var dedup = await store.CheckDuplicateAsync(row.Content, row.TweetId, cancellationToken);
            if (dedup.Verdict == DuplicateVerdict.Unknown)
            {
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(wasApproved ? TweetStatus.Approved : TweetStatus.Queued, "dedup unavailable; put back"), cancellationToken);
                return Explained(new CycleDecision(CycleOutcome.Skipped, "the duplicate check could not be answered (fails closed)", now, row.Id, Scores: scores, Refusals: refusals, Reconciled: reconciled, Live: live));
            }
            if (dedup.Verdict == DuplicateVerdict.Duplicate && dedup.MatchingTweetId is { } match && !IsSelf(row, match))
            {
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Refused, "duplicate of a recent post") { Error = dedup.Reason ?? $"duplicate of {match}" }, cancellationToken);
                refusals.Add($"#{row.Id}: {dedup.Reason ?? $"duplicate of {match}"}");
                continue;
            }

            return Explained(await PublishAsync(row, from, wasApproved, verdict, config, caps, scores, refusals, reconciled, cancellationToken));
        }

        return Explained(new CycleDecision(CycleOutcome.Skipped, refusals.Count > 0 ? "every candidate was refused" : "no candidate is queued", now, Scores: scores, Refusals: refusals, Reconciled: reconciled, Live: live));
    }

    private async Task<CycleDecision> PublishAsync(
        PostRow row, string from, bool wasApproved, SafetyVerdict verdict, BotConfig config, IReadOnlyList<RateLimitRule> caps,
        IReadOnlyList<CandidateScore> scores, IReadOnlyList<string> refusals, IReadOnlyList<string> reconciled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = xbot.LivePosts;
        var verdictJson = JsonSerializer.Serialize(verdict);
        CycleDecision Decision(CycleOutcome outcome, string reason, string? gate = null, string? tweetId = null) =>
            new(outcome, reason, now, row.Id, row.Content, tweetId, scores, refusals, gate, reconciled, live, verdict);

        if (!wasApproved)
        {
            var fraction = xbot.PostFraction ?? config.PostFraction;
            var draw = random.NextDouble();
            var gate = $"post_fraction {fraction:0.###}, draw {draw:0.###}";
            // A partial rollout decides per pick, from the row's id, so the decision can be reproduced.
            if (config.FeatureFlags.TryGetValue("posting", out var posting) && !posting.IsOn("posting", row.TweetId))
            {
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Skipped, "posting rollout") { SafetyVerdictJson = verdictJson }, cancellationToken);
                return Decision(CycleOutcome.Skipped, $"the posting flag's {posting.RolloutPercent}% rollout left this pick out (bucket {Rollout.Bucket("posting", row.TweetId)})", gate);
            }
            if (!SchedulingGates.PassesPostFraction(fraction, draw))
            {
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Skipped, "post_fraction gate") { SafetyVerdictJson = verdictJson }, cancellationToken);
                return Decision(CycleOutcome.Skipped, "the post_fraction gate held the pick back", gate);
            }

            if (config.FeatureFlags.TryGetValue("approval_required", out var approval) && approval.IsOn("approval_required", row.TweetId))
            {
                await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.AwaitingApproval, "approval required")
                {
                    SafetyVerdictJson = verdictJson,
                    ApprovalDeadline = now + scheduler.Value.ApprovalExpiry,
                }, cancellationToken);
                return Decision(CycleOutcome.AwaitingApproval, "waiting for a human approval", gate);
            }
        }

        // Only a live post costs money; the decision says when the budget held it back.
        if (live && await spend.WouldExceedAsync(spend.PriceOfPost(row.Content), cancellationToken) is { } overBudget)
        {
            await lifecycle.TransitionAsync(row.Id, [from], new Transition(wasApproved ? TweetStatus.Approved : TweetStatus.Queued, "spend cap; put back"), cancellationToken);
            if (!wasApproved)
            {
                await queue.AddAsync(row.Id, row.Priority ?? 0, cancellationToken);
            }
            return Decision(CycleOutcome.Skipped, overBudget);
        }

        // With dual write the caps this post takes are written with its own transition (one statement), so
        // PostgreSQL knows them exactly when it knows the post, and the check itself need not wait for PostgreSQL.
        // Read once: the dual_write flag may flip mid-cycle, and the check and the transition must agree.
        var dualWrite = storeFlags.Current.DualWrite;
        var recording = dualWrite ? RateLimitRecording.ByCaller : RateLimitRecording.Mirrored;
        var consumed = await store.CheckRateLimitAsync(caps, recording, cancellationToken);
        if (!consumed.Allowed)
        {
            await lifecycle.TransitionAsync(row.Id, [from], new Transition(wasApproved ? TweetStatus.Approved : TweetStatus.Queued, "cap reached; put back"), cancellationToken);
            if (!wasApproved)
            {
                await queue.AddAsync(row.Id, row.Priority ?? 0, cancellationToken);
            }
            return Decision(CycleOutcome.Skipped, CapReason(consumed));
        }

        // The events the check counted, for the transition that records this post (null: the limiter mirrored them).
        var capsTaken = dualWrite ? RateLimitEvent.Of(caps, consumed, xbot.AppEnv) : null;
        if (!live)
        {
            await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Shadowed, "shadow mode") { PostedAt = now, SafetyVerdictJson = verdictJson, CapEvents = capsTaken }, cancellationToken);
            LogShadow(logger, row.Content);
            return Decision(CycleOutcome.Shadowed, "shadow mode (LIVE_POSTS is not true)");
        }

        // The intent is committed before X is called: a crash from here on leaves a 'posting' row to reconcile.
        // The cap events it took ride along, so that a later "certainly not posted" can give them back.
        var attempt = Guid.NewGuid();
        var capEvents = new CapEvents(consumed.EventIds, consumed.ConsumedAtMs).ToJson();
        if (!await lifecycle.TransitionAsync(row.Id, [from], new Transition(TweetStatus.Posting, "posting") { AttemptId = attempt, PostingStartedAt = now, SafetyVerdictJson = verdictJson, DecisionJson = capEvents, CapEvents = capsTaken }, cancellationToken))
        {
            await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
            return Decision(CycleOutcome.Skipped, "the pick moved on before posting");
        }

        PostResult result;
        try
        {
            result = await x.PostTweetAsync(row.Content, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = new PostResult.Unknown(ex.Message);
        }

        switch (result)
        {
            case PostResult.Posted posted:
                var conflict = await RecordPostedAsync(row.Id, [TweetStatus.Posting], posted.TweetId, time.GetUtcNow(), "posted", cancellationToken);
                LogPosted(logger, posted.TweetId);
                return Decision(CycleOutcome.Posted, conflict is null ? "posted" : $"posted; {conflict}", tweetId: posted.TweetId);
            case PostResult.Duplicate duplicate:
                await lifecycle.TransitionAsync(row.Id, [TweetStatus.Posting], new Transition(TweetStatus.Failed, "X: duplicate content") { Error = duplicate.Detail }, cancellationToken);
                await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
                return Decision(CycleOutcome.Failed, $"X refused the text as a duplicate: {duplicate.Detail}");
            case PostResult.Failed failed:
                await lifecycle.TransitionAsync(row.Id, [TweetStatus.Posting], new Transition(TweetStatus.Failed, $"X: {failed.StatusCode}") { Error = $"{failed.Title}: {failed.Detail}" }, cancellationToken);
                await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
                return Decision(CycleOutcome.Failed, $"X refused the post ({failed.StatusCode} {failed.Title})");
            case PostResult.RateLimited limited:
                await PutBackAsync(row, wasApproved, "X rate limit; certainly not posted", cancellationToken);
                await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
                return Decision(CycleOutcome.Skipped, $"X rate limit until {limited.Until:u}");
            case PostResult.NotSent notSent:
                await PutBackAsync(row, wasApproved, $"not sent: {notSent.Reason}", cancellationToken);
                await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
                return Decision(CycleOutcome.Skipped, $"the post was not sent: {notSent.Reason}");
            case PostResult.PaymentRequired payment:
                await PutBackAsync(row, wasApproved, "X: 402 payment required; certainly not posted", cancellationToken);
                await store.RefundRateLimitAsync(caps, consumed, cancellationToken);
                await HaltForPaymentAsync(payment.Detail, cancellationToken);
                return Decision(CycleOutcome.Halted, $"X answered 402 Payment Required ({payment.Detail}); posting is switched off until the credits are topped up");
            default:
                var reason = result is PostResult.Unknown unknown ? unknown.Reason : result.ToString();
                await lifecycle.TransitionAsync(row.Id, [TweetStatus.Posting], new Transition(TweetStatus.Unknown, "outcome unknown") { Error = reason }, cancellationToken);
                return Decision(CycleOutcome.Unknown, $"X did not confirm the post ({reason}); the next cycle reconciles");
        }
    }

    /// <summary>
    /// Settles every post whose outcome is unknown (or whose worker died after recording the intent):
    /// found among the account's recent posts means posted; certainly absent means it may be tried again.
    /// </summary>
    private async Task<(bool Settled, IReadOnlyList<string> Notes)> ReconcileAsync(CancellationToken cancellationToken)
    {
        var pending = await lifecycle.ListAsync([TweetStatus.Posting, TweetStatus.Unknown], 20, cancellationToken);
        var notes = new List<string>();
        if (pending.Count == 0)
        {
            return (true, notes);
        }
        if (!x.IsConfigured)
        {
            notes.Add($"{pending.Count} post(s) await reconciliation, but X credentials are not configured");
            return (false, notes);
        }

        var settled = true;
        foreach (var row in pending)
        {
            var search = await x.FindRecentPostAsync(row.Content, cancellationToken: cancellationToken);
            if (!search.IsSuccess)
            {
                notes.Add($"#{row.Id}: could not read recent posts ({search.Error!.Detail})");
                settled = false;
                continue;
            }

            var found = search.Value!;
            if (found.Match is { } match)
            {
                var conflict = await RecordPostedAsync(row.Id, [TweetStatus.Posting, TweetStatus.Unknown], match.Id, match.CreatedAt ?? time.GetUtcNow(),
                    "reconciled: found among recent posts", cancellationToken);
                notes.Add($"#{row.Id}: found as {match.Id}, marked posted{(conflict is null ? "" : $"; {conflict}")}");
            }
            else if (found.CoversSince(row.PostingStartedAt ?? row.CreatedAt))
            {
                var capEvents = CapEvents.FromJson(await lifecycle.GetDecisionJsonAsync(row.Id, cancellationToken));
                await PutBackAsync(row, wasApproved: false, "reconciled: certainly not posted", cancellationToken, [TweetStatus.Posting, TweetStatus.Unknown]);
                if (capEvents?.Decision() is { } consumed)
                {
                    await store.RefundRateLimitAsync(CapRules(await store.GetBotConfigAsync(cancellationToken)), consumed, cancellationToken);
                }
                notes.Add($"#{row.Id}: certainly not posted, queued again");
            }
            else
            {
                notes.Add($"#{row.Id}: not among the {found.Scanned} posts read, which do not reach back to the attempt; still unknown");
                settled = false;
            }
        }
        return (settled, notes);
    }

    /// <summary>
    /// Marks a row posted under X's id. If another row already holds that id (uq_tweets_tweet_id: the X
    /// stand-in reusing ids after a restart, or a genuine clash), the post is still recorded as posted, as
    /// it did go out, keeping its own local id, and the clash is raised as a CRITICAL alert for a human;
    /// retrying could never succeed, so nothing loops. Returns a note on the clash, or null.
    /// </summary>
    private async Task<string?> RecordPostedAsync(long id, string[] from, string tweetId, DateTimeOffset postedAt, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await lifecycle.TransitionAsync(id, from, new Transition(TweetStatus.Posted, reason) { TweetId = tweetId, PostedAt = postedAt }, cancellationToken);
            return null;
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "uq_tweets_tweet_id" })
        {
            var note = $"X's id {tweetId} is already recorded on another row; kept #{id}'s local id";
            await lifecycle.TransitionAsync(id, from, new Transition(TweetStatus.Posted, reason) { PostedAt = postedAt, Error = note }, cancellationToken);
            await alerts.RaiseAsync(new Alert(AuditSeverity.Critical, "TWEET_ID_CONFLICT", "posting",
                $"Post #{id} went out on X as {tweetId}, but that id is already recorded on another row. Check which row the id belongs to.",
                new JsonObject { ["row"] = id, ["tweetId"] = tweetId }), cancellationToken);
            return note;
        }
    }

    /// <summary>402: switches the posting flag off (audited) and raises a CRITICAL alert. A human tops up and switches it back on.</summary>
    private async Task HaltForPaymentAsync(string detail, CancellationToken cancellationToken)
    {
        var flags = (await store.GetConfigAsync(BotConfigKeys.FeatureFlags, cancellationToken)).Value.DeepClone().AsObject();
        flags["posting"] = false;
        await store.SetConfigAsync(BotConfigKeys.FeatureFlags, flags, "x-api-402", cancellationToken);
        await alerts.RaiseAsync(new Alert(AuditSeverity.Critical, "X_PAYMENT_REQUIRED", "posting",
            $"X answered 402 Payment Required: the API credits are exhausted ({detail}). Posting is switched off; top up the credits, then set feature flag 'posting' back to true.",
            new JsonObject { ["detail"] = detail }), cancellationToken);
    }

    private async Task PutBackAsync(PostRow row, bool wasApproved, string reason, CancellationToken cancellationToken, string[]? from = null)
    {
        var to = wasApproved ? TweetStatus.Approved : TweetStatus.Queued;
        if (await lifecycle.TransitionAsync(row.Id, from ?? [TweetStatus.Posting], new Transition(to, reason), cancellationToken) && to == TweetStatus.Queued)
        {
            await queue.AddAsync(row.Id, row.Priority ?? 0, cancellationToken);
        }
    }

    /// <summary>The heuristic score until the bandit takes over: priority recomputed for now (recency and peak hour).</summary>
    /// <summary>
    /// Scores the candidates. learning_engine_v2 off: the heuristic orders them; with shadow testing on, the
    /// bandit scores the same candidates alongside and the two picks are compared, changing nothing.
    /// learning_engine_v2 on: the bandit's total orders them. Best first.
    /// </summary>
    private async Task<(List<CandidateScore> Scores, string Engine, ShadowComparison? Comparison)> ScoreAsync(
        IReadOnlyList<PostRow> approved, IReadOnlyList<PostRow> queued, BotConfig config, DateTimeOffset now, int localHour, CancellationToken cancellationToken)
    {
        var rows = approved.Concat(queued).ToList();
        var v2 = config.LearningEngineV2;
        var shadow = !v2 && Flag(config, "shadow_testing") is true;
        IReadOnlyList<BanditScore> banditScores = [];
        if ((v2 || shadow) && rows.Count > 0)
        {
            var recentTopics = await lifecycle.RecentTopicsAsync(learning.Value.DiversityWindow, cancellationToken);
            banditScores = await bandit.ScoreAsync(rows, config.Epsilon, recentTopics, cancellationToken);
        }
        var byId = banditScores.ToDictionary(b => b.Id);
        var scores = rows
            .Select(row => new CandidateScore(row.Id, row.Topic ?? "", row.Priority ?? 0, Score(row, now, localHour), byId.GetValueOrDefault(row.Id)))
            .ToList();
        if (v2)
        {
            return ([.. scores.OrderByDescending(s => s.Bandit!.Total)], "bandit", null);
        }
        var ordered = scores.OrderByDescending(s => s.Score).ToList();
        ShadowComparison? comparison = null;
        if (shadow && ordered.Count > 0)
        {
            var heuristicPick = ordered[0];
            var banditPick = scores.MaxBy(s => s.Bandit!.Total)!;
            comparison = new ShadowComparison(
                heuristicPick.Id,
                banditPick.Id,
                heuristicPick.Id == banditPick.Id,
                Math.Round(banditPick.Bandit!.ExpectedReward - heuristicPick.Bandit!.ExpectedReward, 6));
        }
        return (ordered, "heuristic", comparison);
    }

    private double Score(PostRow row, DateTimeOffset now, int localHour)
    {
        var boost = candidates.Value.Topics.FirstOrDefault(t => string.Equals(t.Name, row.Topic, StringComparison.OrdinalIgnoreCase))?.Boost ?? 0;
        return CandidatePriority.Compute(row.CreatedAt, boost, false, now, localHour, candidates.Value);
    }

    /// <summary>The dedup check finds a candidate's own queued row; only another live post counts.</summary>
    private static bool IsSelf(PostRow row, string matchingTweetId) => matchingTweetId == row.TweetId;

    private static IReadOnlyList<RateLimitRule> CapRules(BotConfig config) =>
        [RateLimitRules.Daily(config.RateLimits.Daily), RateLimitRules.Hourly(config.RateLimits.Hourly)];

    private static string CapReason(RateLimitDecision decision) =>
        decision.Source == RateLimitSource.Unavailable
            ? $"the caps could not be checked (fails closed): {decision.Error}"
            : "cap reached: " + string.Join(", ", decision.Limits.Where(l => l.Remaining == 0).Select(l => $"{l.Name} {l.Count}/{l.Limit}, frees {l.ResetAt:u}"));

    private static bool? Flag(BotConfig config, string name) =>
        config.FeatureFlags.TryGetValue(name, out var flag) ? flag.Enabled : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "SHADOW MODE - Would post: {Text}")]
    private static partial void LogShadow(ILogger logger, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted to X as {TweetId}")]
    private static partial void LogPosted(ILogger logger, string tweetId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling cycle failed: {ExceptionType}: {Reason}")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failed cycle's decision: {Reason}")]
    private static partial void LogDecisionNotRecorded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling cycle: {Outcome}, {Reason}")]
    private static partial void LogDecision(ILogger logger, CycleOutcome outcome, string reason);
}
