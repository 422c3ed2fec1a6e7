using Microsoft.Extensions.Options;
using XBot.Core.Candidates;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Safety;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Tweets;

namespace XBot.Worker.Cli;

/// <summary>
/// <c>schedule test --dry-run</c>: the scheduling cycle's gates, in the cycle's order (runbooks §8), on
/// reads only. No row changes status, no decision is recorded, no cap slot is taken, no Redis key or
/// cache is written and X is never called, whatever LIVE_POSTS says. Posts whose outcome is unknown are
/// reported, not reconciled (reconciling calls X and changes rows).
/// </summary>
public sealed class DryRunCycle(
    ConfigStore config,
    IDualStore store,
    PostLifecycleStore lifecycle,
    SafetyGuard safety,
    XBotOptions xbot,
    IOptions<SchedulerOptions> scheduler,
    IOptions<CandidateOptions> candidates,
    TimeProvider time,
    Random random)
{
    public async Task<CycleDecision> DecideAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = xbot.LivePosts;
        var settings = await config.ReadBotConfigUncachedAsync(cancellationToken);
        CycleDecision Skip(string reason) => new(CycleOutcome.Skipped, reason, now, Live: live);

        var pending = await lifecycle.ListAsync([TweetStatus.Posting, TweetStatus.Unknown], 20, cancellationToken);
        if (pending.Count > 0)
        {
            return Skip($"{pending.Count} post(s) with an unknown outcome await reconciliation; a real cycle settles them first and sends nothing until they are (a dry run does not reconcile)");
        }
        if (settings.FeatureFlags.TryGetValue("posting", out var posting) && !posting.Enabled)
        {
            return Skip("the posting feature flag is off");
        }

        var timeZone = scheduler.Value.ResolveTimeZone();
        if (SchedulingGates.IsQuietHour(now, timeZone, settings.QuietHours))
        {
            return Skip($"quiet hours until {SchedulingGates.QuietUntil(now, timeZone, settings.QuietHours):u}");
        }
        var remaining = SchedulingGates.IntervalRemaining(now, await lifecycle.LastPostAtAsync(cancellationToken), TimeSpan.FromMinutes(settings.PostIntervalMin));
        if (remaining > TimeSpan.Zero)
        {
            return Skip($"minimum interval: {remaining.TotalMinutes:F0} more minutes");
        }
        var caps = await store.PeekRateLimitAsync([RateLimitRules.Daily(settings.RateLimits.Daily), RateLimitRules.Hourly(settings.RateLimits.Hourly)], cancellationToken);
        if (!caps.Allowed)
        {
            return Skip(caps.Source == RateLimitSource.Unavailable
                ? $"the caps could not be checked (fails closed): {caps.Error}"
                : "cap reached: " + string.Join(", ", caps.Limits.Where(l => l.Remaining == 0).Select(l => $"{l.Name} {l.Count}/{l.Limit}, frees {l.ResetAt:u}")));
        }

        // Straight from PostgreSQL: the Redis queue's read path repairs the queue, which a dry run must not.
        var localHour = TimeZoneInfo.ConvertTime(now, timeZone).Hour;
        var approved = await lifecycle.ListAsync([TweetStatus.Approved], 1, cancellationToken);
        var queued = await lifecycle.ListAsync([TweetStatus.Queued], scheduler.Value.TopCandidates, cancellationToken);
        var scores = approved.Concat(queued)
            .Select(row => new CandidateScore(row.Id, row.Topic ?? "", row.Priority ?? 0, Score(row, now, localHour)))
            .OrderByDescending(s => s.Score)
            .ToList();
        var order = approved.Concat(queued.OrderByDescending(r => scores.First(s => s.Id == r.Id).Score)).ToList();

        var refusals = new List<string>();
        foreach (var row in order)
        {
            var wasApproved = row.Status == TweetStatus.Approved;
            var verdict = await safety.CheckAsync(row.Content, settings.MaxHashtags, cancellationToken);
            if (!verdict.Allowed)
            {
                refusals.Add($"#{row.Id}: {string.Join("; ", verdict.Reasons.Select(r => $"{r.Rule}: {r.Detail}"))}");
                continue;
            }
            var dedup = await store.CheckDuplicateAsync(row.Content, cancellationToken);
            if (dedup.Verdict == DuplicateVerdict.Unknown)
            {
                return new CycleDecision(CycleOutcome.Skipped, "the duplicate check could not be answered (fails closed)", now, row.Id, Scores: scores, Refusals: refusals, Live: live);
            }
            if (dedup.Verdict == DuplicateVerdict.Duplicate && dedup.MatchingTweetId is { } match && match != row.TweetId)
            {
                refusals.Add($"#{row.Id}: duplicate of {match}");
                continue;
            }

            CycleDecision Decision(CycleOutcome outcome, string reason, string? gate = null) =>
                new(outcome, reason, now, row.Id, row.Content, null, scores, refusals, gate, null, live, verdict);
            string? gate = null;
            if (!wasApproved)
            {
                var fraction = xbot.PostFraction ?? settings.PostFraction;
                var draw = random.NextDouble();
                gate = $"post_fraction {fraction:0.###}, draw {draw:0.###}";
                if (!SchedulingGates.PassesPostFraction(fraction, draw))
                {
                    return Decision(CycleOutcome.Skipped, "the post_fraction gate would hold the pick back", gate);
                }
                if (settings.FeatureFlags.TryGetValue("approval_required", out var approval) && approval.Enabled)
                {
                    return Decision(CycleOutcome.AwaitingApproval, "the pick would wait for a human approval", gate);
                }
            }
            return Decision(CycleOutcome.Shadowed, live
                ? "dry run: a real cycle would post this to X now (LIVE_POSTS=true)"
                : "dry run: a real cycle would log this in shadow mode (LIVE_POSTS is not true)", gate);
        }

        return new CycleDecision(CycleOutcome.Skipped, refusals.Count > 0 ? "every candidate would be refused" : "no candidate is queued", now, Scores: scores, Refusals: refusals, Live: live);
    }

    /// <summary>The cycle's heuristic score: priority recomputed for now (recency and peak hour).</summary>
    private double Score(PostRow row, DateTimeOffset now, int localHour)
    {
        var boost = candidates.Value.Topics.FirstOrDefault(t => string.Equals(t.Name, row.Topic, StringComparison.OrdinalIgnoreCase))?.Boost ?? 0;
        return CandidatePriority.Compute(row.CreatedAt, boost, false, now, localHour, candidates.Value);
    }
}
