using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Core.Learning;

/// <summary>
/// Writes one <c>daily_summaries</c> row (type <c>daily</c>) for a UTC day: posts published and shadowed,
/// average engagement rate and tiers of the posts read, rewarded posts, learning cycles, and the day's
/// backfill success rate. Idempotent: running it again for the same day replaces the row.
/// </summary>
public sealed class DailySummaryWriter(NpgsqlDataSource dataSource, XBotOptions options)
{
    public const string SummaryType = "daily";

    public async Task WriteAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var command = dataSource.CreateCommand(
            """
            WITH posts AS (
                SELECT status, reward, (engagement ->> 'engagement_rate')::double precision AS rate
                FROM tweets WHERE posted_at >= @from AND posted_at < @to AND status IN ('posted', 'shadowed')
            ), cycles AS (
                SELECT count(*) AS n, coalesce(sum((event_data ->> 'postsProcessed')::int), 0) AS processed
                FROM audit_log WHERE event_type = 'LEARNING_CYCLE_COMPLETE' AND timestamp >= @from AND timestamp < @to
            ), backfill AS (
                SELECT sum((metrics ->> 'due')::int) AS due, sum((metrics ->> 'read')::int + (metrics ->> 'not_found')::int) AS ok
                FROM system_health WHERE component = 'engagement_collection' AND environment = @env AND timestamp >= @from AND timestamp < @to
            )
            INSERT INTO daily_summaries (date, summary_type, environment, metrics, quality)
            SELECT @day, @type, @env,
                jsonb_build_object(
                    'posts_published', (SELECT count(*) FROM posts WHERE status = 'posted'),
                    'posts_shadowed', (SELECT count(*) FROM posts WHERE status = 'shadowed'),
                    'avg_engagement_rate', (SELECT avg(rate) FROM posts WHERE rate IS NOT NULL),
                    'viral', (SELECT count(*) FROM posts WHERE rate >= 0.15),
                    'high', (SELECT count(*) FROM posts WHERE rate >= 0.08 AND rate < 0.15),
                    'medium', (SELECT count(*) FROM posts WHERE rate >= 0.03 AND rate < 0.08),
                    'low', (SELECT count(*) FROM posts WHERE rate < 0.03),
                    'rewarded_posts', (SELECT count(*) FROM posts WHERE reward IS NOT NULL),
                    'avg_reward', (SELECT avg(reward) FROM posts WHERE reward IS NOT NULL),
                    'learning_cycles', (SELECT n FROM cycles),
                    'posts_processed', (SELECT processed FROM cycles)),
                jsonb_build_object(
                    'backfill_due', (SELECT due FROM backfill),
                    'backfill_success_rate', (SELECT CASE WHEN due > 0 THEN ok::double precision / due END FROM backfill))
            ON CONFLICT (date, summary_type, environment) DO UPDATE SET metrics = excluded.metrics, quality = excluded.quality, updated_at = now()
            """);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", from.AddDays(1));
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("type", SummaryType);
        command.Parameters.AddWithValue("env", options.AppEnv);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
