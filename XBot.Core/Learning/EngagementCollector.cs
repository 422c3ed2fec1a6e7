using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using XBot.Core.Configuration;
using XBot.Core.Posting.XApi;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Learning;

/// <summary>
/// Reads <c>public_metrics</c> of published posts through the X client, at the configured ages only (each
/// read is billed), in lookups of up to 100 ids. Each reading goes into <c>tweet_metrics</c> and onto the
/// post (<c>engagement</c>); the first reading from the reward age on with enough impressions sets the
/// post's <c>reward_rate</c>, which the learning cycle then counts once. A post the worker missed for a
/// while is read once and moves past every age it has reached: reads are never caught up.
/// Shadowed posts were never published and are never read.
/// </summary>
public sealed partial class EngagementCollector(
    NpgsqlDataSource dataSource,
    IXApiClient x,
    XBotOptions xbot,
    IOptions<EngagementCollectionOptions> options,
    TimeProvider time,
    ILogger<EngagementCollector> logger)
{
    private const int MaxDuePerPass = 2000;

    private sealed record DuePost(long Id, string TweetId, DateTimeOffset PostedAt, int Reads);

    public async Task<CollectionReport> CollectOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var ages = settings.EffectiveReadAges;
        var due = await DueAsync(now, ages, cancellationToken);

        int read = 0, notFound = 0, failed = 0, rewarded = 0, calls = 0;
        string? error = null;
        foreach (var batch in due.Chunk(settings.BatchSize))
        {
            if (error is not null)
            {
                failed += batch.Length;
                continue;
            }
            calls++;
            var lookup = await x.GetTweetsAsync(batch.Select(p => p.TweetId), cancellationToken);
            var byTweetId = batch.ToDictionary(p => p.TweetId, StringComparer.Ordinal);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var tweet in lookup.Tweets)
            {
                if (!byTweetId.TryGetValue(tweet.Id, out var post) || tweet.PublicMetrics is not { } metrics)
                {
                    continue;
                }
                var reads = ages.Count(a => post.PostedAt + a <= now);
                if (await RecordReadingAsync(connection, transaction, post, metrics, now, reads, settings.MinImpressions, cancellationToken))
                {
                    rewarded++;
                }
                read++;
            }
            foreach (var id in lookup.NotFoundIds.Where(byTweetId.ContainsKey))
            {
                await RecordDeletedAsync(connection, transaction, byTweetId[id], now, ages.Count, cancellationToken);
                notFound++;
            }
            await transaction.CommitAsync(cancellationToken);
            failed += batch.Length - lookup.Tweets.Count(t => byTweetId.ContainsKey(t.Id) && t.PublicMetrics is not null) - lookup.NotFoundIds.Count(byTweetId.ContainsKey);
            if (lookup.Error is { } e)
            {
                // X said stop (rate limit, outage): the rest waits for the next pass rather than hammering it.
                error = $"{e.Kind}: {e.Detail}";
            }
        }

        var report = new CollectionReport(now, due.Count, read, notFound, failed, rewarded, calls, error);
        if (due.Count > 0)
        {
            await RecordHealthAsync(report, cancellationToken);
            LogPass(logger, report.Due, report.Read, report.NotFound, report.Failed, report.Rewarded, report.SuccessRate);
        }
        return report;
    }

    private async Task<List<DuePost>> DueAsync(DateTimeOffset now, IReadOnlyList<TimeSpan> ages, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, tweet_id, posted_at, metrics_reads FROM tweets
            WHERE status = @posted AND posted_at IS NOT NULL AND metrics_reads < @count
              AND posted_at <= @now - (@ages::interval[])[metrics_reads + 1]
            ORDER BY posted_at
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("posted", TweetStatus.Posted);
        command.Parameters.AddWithValue("count", ages.Count);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("ages", ages.ToArray());
        command.Parameters.AddWithValue("limit", MaxDuePerPass);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DuePost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DuePost(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3)));
        }
        return due;
    }

    private static async Task<bool> RecordReadingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DuePost post, XPublicMetrics m, DateTimeOffset now, int reads, int minImpressions, CancellationToken cancellationToken)
    {
        double? rate = m.IsComplete && m.ImpressionCount >= minImpressions
            ? EngagementReward.Rate(m.LikeCount!.Value, m.RetweetCount!.Value, m.ReplyCount!.Value, m.QuoteCount!.Value, m.BookmarkCount!.Value, m.ImpressionCount!.Value)
            : null;
        var engagement = new JsonObject
        {
            ["likes"] = m.LikeCount,
            ["retweets"] = m.RetweetCount,
            ["replies"] = m.ReplyCount,
            ["quotes"] = m.QuoteCount,
            ["bookmarks"] = m.BookmarkCount,
            ["impressions"] = m.ImpressionCount,
            ["engagement_rate"] = m.IsComplete && m.ImpressionCount > 0
                ? EngagementReward.Rate(m.LikeCount!.Value, m.RetweetCount!.Value, m.ReplyCount!.Value, m.QuoteCount!.Value, m.BookmarkCount!.Value, m.ImpressionCount!.Value)
                : null,
            ["read_at"] = now,
        };

        await using var history = new NpgsqlCommand(
            """
            INSERT INTO tweet_metrics (tweet_row, read_at, age_seconds, likes, retweets, replies, quotes, bookmarks, impressions)
            VALUES (@row, @now, @age, @likes, @retweets, @replies, @quotes, @bookmarks, @impressions)
            """,
            connection,
            transaction);
        history.Parameters.AddWithValue("row", post.Id);
        history.Parameters.AddWithValue("now", now);
        history.Parameters.AddWithValue("age", (long)(now - post.PostedAt).TotalSeconds);
        history.Parameters.Add(Count("likes", m.LikeCount));
        history.Parameters.Add(Count("retweets", m.RetweetCount));
        history.Parameters.Add(Count("replies", m.ReplyCount));
        history.Parameters.Add(Count("quotes", m.QuoteCount));
        history.Parameters.Add(Count("bookmarks", m.BookmarkCount));
        history.Parameters.Add(Count("impressions", m.ImpressionCount));
        await history.ExecuteNonQueryAsync(cancellationToken);

        // reward_rate is written once: a later reading never changes what the bandit was (or will be) told.
        await using var before = new NpgsqlCommand("SELECT reward_rate IS NULL FROM tweets WHERE id = @row FOR UPDATE", connection, transaction);
        before.Parameters.AddWithValue("row", post.Id);
        var firstReward = await before.ExecuteScalarAsync(cancellationToken) is true && rate is not null;

        await using var update = new NpgsqlCommand(
            """
            UPDATE tweets SET engagement = engagement || @engagement, metrics_reads = GREATEST(metrics_reads, @reads), metrics_read_at = @now,
                reward_rate = COALESCE(tweets.reward_rate, @rate), updated_at = @now
            WHERE id = @row
            """,
            connection,
            transaction);
        update.Parameters.Add(new NpgsqlParameter("engagement", NpgsqlDbType.Jsonb) { Value = engagement.ToJsonString() });
        update.Parameters.AddWithValue("reads", reads);
        update.Parameters.AddWithValue("now", now);
        update.Parameters.Add(new NpgsqlParameter("rate", NpgsqlDbType.Double) { Value = (object?)rate ?? DBNull.Value });
        update.Parameters.AddWithValue("row", post.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
        return firstReward;
    }

    private static async Task RecordDeletedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DuePost post, DateTimeOffset now, int reads, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE tweets SET engagement = engagement || jsonb_build_object('deleted_on_x', true, 'read_at', @now::timestamptz), metrics_reads = @reads, metrics_read_at = @now, updated_at = @now WHERE id = @row",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("reads", reads);
        command.Parameters.AddWithValue("row", post.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RecordHealthAsync(CollectionReport report, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO system_health (timestamp, component, status, environment, metrics, diagnostics) VALUES (@at, 'engagement_collection', @status, @env, @metrics, @diagnostics)");
        command.Parameters.AddWithValue("at", report.At);
        command.Parameters.AddWithValue("status", report.SuccessRate >= 0.99 ? "healthy" : "degraded");
        command.Parameters.AddWithValue("env", xbot.AppEnv);
        command.Parameters.Add(new NpgsqlParameter("metrics", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(new { due = report.Due, read = report.Read, not_found = report.NotFound, failed = report.Failed, rewarded = report.Rewarded, calls = report.Calls, backfill_success_rate = report.SuccessRate }),
        });
        command.Parameters.Add(new NpgsqlParameter("diagnostics", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(new { error = report.Error }) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Count(string name, long? value) => new(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };

    [LoggerMessage(Level = LogLevel.Information, Message = "Engagement collection: {Due} due, {Read} read, {NotFound} deleted on X, {Failed} left for later, {Rewarded} reached the reward; backfill success {SuccessRate:P1}")]
    private static partial void LogPass(ILogger logger, int due, int read, int notFound, int failed, int rewarded, double successRate);
}
