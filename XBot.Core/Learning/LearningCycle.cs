using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Learning;

/// <summary>
/// One learning cycle (runbooks §9): every published post whose reward-age reading has arrived and that has
/// not yet been counted updates its arms once. The arms, the posts' processed markers and the
/// <c>LEARNING_CYCLE_COMPLETE</c> row commit in one transaction under a transaction-scoped advisory lock, so
/// two workers never count a post twice (nor lose each other's arm updates) and a crash counts it zero times.
/// </summary>
public sealed partial class LearningCycle(
    NpgsqlDataSource dataSource,
    ArmStore arms,
    AuditLog audit,
    IOptions<LearningOptions> learning,
    IOptions<SchedulerOptions> scheduler,
    TimeProvider time,
    ILogger<LearningCycle> logger)
{
    public const string CompleteEvent = "LEARNING_CYCLE_COMPLETE";

    private const int TopArmCount = 5;

    public async Task<LearningSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var options = learning.Value;
        var timeZone = scheduler.Value.ResolveTimeZone();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);

        var (baseline, baselinePosts) = await BaselineAsync(connection, transaction, now, options.BaselineWindow, cancellationToken);
        var pending = await ClaimPendingAsync(connection, transaction, options.MaxPostsPerCycle, cancellationToken);
        var state = await arms.LoadAsync(connection, transaction, forUpdate: true, cancellationToken);

        var touched = new HashSet<ArmKey>();
        var rewards = new List<(long Id, double Reward)>();
        foreach (var post in pending)
        {
            var reward = EngagementReward.Reward(post.RewardRate, baseline);
            rewards.Add((post.Id, reward));
            foreach (var key in PostArms.For(post.Topic, post.Content, post.PostedAt, timeZone))
            {
                var arm = state.GetValueOrDefault(key) ?? ArmState.Prior(key, post.PostedAt);
                state[key] = arm.Update(reward, post.PostedAt, options.EffectiveHalfLife);
                touched.Add(key);
            }
        }

        await arms.SaveAsync(connection, transaction, touched.Select(k => state[k]), cancellationToken);
        await MarkProcessedAsync(connection, transaction, rewards, now, cancellationToken);

        var top = state.Values
            .Select(a => a.DecayedTo(now, options.EffectiveHalfLife))
            .OrderByDescending(a => a.Mean)
            .ThenByDescending(a => a.Pulls)
            .Take(TopArmCount)
            .Select(a => new ArmSummary(a.Key.ToString(), Math.Round(a.Mean, 4), Math.Round(a.Pulls, 2)))
            .ToList();
        var shadow = await ShadowComparisonAsync(connection, transaction, now, cancellationToken);
        var summary = new LearningSummary(
            now,
            pending.Count,
            touched.Count,
            baseline,
            baselinePosts > 0 ? "median of the last " + options.BaselineWindow.TotalDays.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " days" : "default (no history)",
            baselinePosts,
            rewards.Count > 0 ? Math.Round(rewards.Average(r => r.Reward), 4) : null,
            state.Count,
            top,
            shadow);
        await audit.WriteAsync(connection, transaction, new AuditEvent(CompleteEvent, "learning", AuditSeverity.Info, JsonSerializer.SerializeToNode(summary, JsonSerializerOptions.Web)!.AsObject()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (touched.Count > 0)
        {
            await arms.InvalidateAsync(cancellationToken);
        }
        LogCycle(logger, summary.Describe());
        return summary;
    }

    /// <summary>
    /// Rebuilds the arms from the posts: forgets them, then replays every counted post's stored reward in
    /// posting order (with the same decay), so a lost or corrupted arm table comes back as it was.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var options = learning.Value;
        var timeZone = scheduler.Value.ResolveTimeZone();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await arms.DeleteAllAsync(connection, transaction, cancellationToken);

        var state = new Dictionary<ArmKey, ArmState>();
        await using (var command = new NpgsqlCommand(
            "SELECT topic, content, posted_at, reward FROM tweets WHERE status = @posted AND learning_processed_at IS NOT NULL AND reward IS NOT NULL ORDER BY posted_at, id",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("posted", TweetStatus.Posted);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var postedAt = reader.GetFieldValue<DateTimeOffset>(2);
                var reward = reader.GetDouble(3);
                foreach (var key in PostArms.For(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), postedAt, timeZone))
                {
                    state[key] = (state.GetValueOrDefault(key) ?? ArmState.Prior(key, postedAt)).Update(reward, postedAt, options.EffectiveHalfLife);
                }
            }
        }
        await arms.SaveAsync(connection, transaction, state.Values, cancellationToken);
        await audit.WriteAsync(connection, transaction, new AuditEvent("BANDIT_ARMS_REBUILT", "learning", AuditSeverity.Info, new System.Text.Json.Nodes.JsonObject { ["arms"] = state.Count }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await arms.InvalidateAsync(cancellationToken);
        return state.Count;
    }

    private sealed record PendingPost(long Id, string? Topic, string Content, DateTimeOffset PostedAt, double RewardRate);

    private static async Task<(double Baseline, int Posts)> BaselineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY reward_rate), count(*)
            FROM tweets
            WHERE status = @posted AND reward_rate IS NOT NULL AND posted_at > @since AND posted_at <= @now
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("posted", TweetStatus.Posted);
        command.Parameters.AddWithValue("since", now - window);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = (int)reader.GetInt64(1);
        // A median of 0 (nobody engaged with anything) can't be a divisor: the default stands in.
        return reader.IsDBNull(0) || reader.GetDouble(0) <= 0 ? (EngagementReward.DefaultBaseline, reader.IsDBNull(0) ? 0 : count) : (reader.GetDouble(0), count);
    }

    /// <summary>
    /// One learning writer at a time, across workers: row locks alone can't stop two cycles from both
    /// creating the same new arm from an empty state, the second overwriting the first's evidence.
    /// </summary>
    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('xbot:learning_cycle'))", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ShadowComparisonSummary> ShadowComparisonAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), avg(((details -> 'Comparison' ->> 'Agree')::boolean)::int), avg((details -> 'Comparison' ->> 'ExpectedRewardDifference')::double precision)
            FROM schedule_decisions
            WHERE decided_at > @since AND decided_at <= @now AND jsonb_typeof(details -> 'Comparison') = 'object'
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("since", now.AddDays(-7));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ShadowComparisonSummary(
            (int)reader.GetInt64(0),
            reader.IsDBNull(1) ? null : Math.Round((double)reader.GetDecimal(1), 4),
            reader.IsDBNull(2) ? null : Math.Round(reader.GetDouble(2), 6));
    }

    private static async Task<List<PendingPost>> ClaimPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        // Only published posts have readings; shadowed posts never reach this query.
        await using var command = new NpgsqlCommand(
            """
            SELECT id, topic, content, posted_at, reward_rate FROM tweets
            WHERE status = @posted AND reward_rate IS NOT NULL AND learning_processed_at IS NULL AND posted_at IS NOT NULL
            ORDER BY posted_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("posted", TweetStatus.Posted);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<PendingPost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(new PendingPost(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetDouble(4)));
        }
        return posts;
    }

    private static async Task MarkProcessedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(long Id, double Reward)> rewards, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rewards.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand(
            """
            UPDATE tweets t SET reward = r.reward, learning_processed_at = @now, updated_at = @now
            FROM unnest(@ids, @rewards) AS r(id, reward)
            WHERE t.id = r.id AND t.learning_processed_at IS NULL
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("ids", rewards.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("rewards", rewards.Select(r => r.Reward).ToArray());
        command.Parameters.AddWithValue("now", now);
        var updated = await command.ExecuteNonQueryAsync(cancellationToken);
        if (updated != rewards.Count)
        {
            // The rows were locked by this transaction; anything else means the marker logic is broken.
            throw new InvalidOperationException($"Marked {updated} of {rewards.Count} posts as processed; the cycle is rolled back.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    private static partial void LogCycle(ILogger logger, string summary);
}
