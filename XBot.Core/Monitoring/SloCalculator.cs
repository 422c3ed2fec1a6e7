using Dapper;
using Npgsql;
using XBot.Core.Configuration;
using XBot.Core.Time;

namespace XBot.Core.Monitoring;

/// <summary>
/// Reads <see cref="SloFigures"/> for a window from recorded rows, in one statement:
/// <list type="bullet">
/// <item>posting latency: <c>posted_at - posting_started_at</c> of live posts (the X call, from intent to answer);</item>
/// <item>backfill: the engagement collector's <c>engagement_collection</c> rows (readings due, read or found deleted);</item>
/// <item>uptime: the share of the monitor's health rows that are not <c>unhealthy</c>;</item>
/// <item>data drift and queue lag: the latest drift and health rows;</item>
/// <item>api and database p95: the api's request timings and the monitor's timed queries;</item>
/// <item>error rate: failed, unknown or halted scheduling cycles among all cycles.</item>
/// </list>
/// </summary>
public sealed class SloCalculator(NpgsqlDataSource dataSource, XBotOptions options, TimeProvider? time = null)
{
    // posted_at − posting_started_at is the difference of two readings of the services' clock: on a simulated clock
    // (XBot.Core.Time) it is the X call's real duration times the scale, and would breach the 2 s target at once.
    private double Scale => time?.Scale() ?? 1;

    private const string FiguresSql = """
        WITH health AS (
            SELECT timestamp, component, status, metrics FROM system_health
            WHERE environment = @env AND timestamp > @from AND timestamp <= @to
        ), posts AS (
            SELECT extract(epoch FROM posted_at - posting_started_at)::double precision AS seconds FROM tweets
            WHERE status = 'posted' AND posting_started_at IS NOT NULL AND posted_at > @from AND posted_at <= @to
        ), api AS (
            SELECT (d.value)::double precision AS ms FROM health h, jsonb_array_elements_text(h.metrics -> 'durations_ms') d
            WHERE h.component = 'api'
        ), cycles AS (
            SELECT outcome FROM schedule_decisions WHERE decided_at > @from AND decided_at <= @to
        )
        SELECT
          (SELECT count(*) FROM posts) AS posts_measured,
          (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) FROM posts) AS posting_p95,
          (SELECT coalesce(sum((metrics ->> 'due')::bigint), 0) FROM health WHERE component = 'engagement_collection')::bigint AS backfill_due,
          (SELECT coalesce(sum((metrics ->> 'read')::bigint + (metrics ->> 'not_found')::bigint), 0) FROM health WHERE component = 'engagement_collection')::bigint AS backfill_ok,
          (SELECT count(*) FROM health WHERE component = 'health') AS health_checks,
          (SELECT count(*) FROM health WHERE component = 'health' AND status <> 'unhealthy') AS health_up,
          (SELECT (metrics ->> 'data_drift_percent')::double precision FROM health
             WHERE component = 'drift' AND metrics ->> 'data_drift_percent' IS NOT NULL ORDER BY timestamp DESC LIMIT 1) AS data_drift,
          (SELECT coalesce((metrics ->> 'sync_oldest_age_s')::double precision, 0) FROM health
             WHERE component = 'health' AND metrics ? 'sync_queue_depth' AND metrics ->> 'sync_queue_depth' IS NOT NULL ORDER BY timestamp DESC LIMIT 1) AS queue_lag,
          (SELECT count(*) FROM api) AS api_requests,
          (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FROM api) AS api_p95,
          (SELECT count(*) FROM health WHERE component = 'performance' AND metrics ->> 'database_ms' IS NOT NULL) AS db_samples,
          (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY (metrics ->> 'database_ms')::double precision) FROM health
             WHERE component = 'performance' AND metrics ->> 'database_ms' IS NOT NULL) AS db_p95,
          (SELECT count(*) FROM cycles) AS cycles,
          (SELECT count(*) FROM cycles WHERE outcome IN ('failed', 'unknown', 'halted')) AS failed_cycles
        """;

    public async Task<SloFigures> ReadAsync(DateTimeOffset to, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(FiguresSql, new { env = options.AppEnv, from = to - window, to }, cancellationToken: cancellationToken));
        return new SloFigures(row.posts_measured, row.posting_p95 / Scale, row.backfill_due, row.backfill_ok, row.health_checks, row.health_up, row.data_drift,
            row.queue_lag, row.api_requests, row.api_p95, row.db_samples, row.db_p95, row.cycles, row.failed_cycles);
    }

    private sealed record Row(long posts_measured, double? posting_p95, long backfill_due, long backfill_ok, long health_checks, long health_up, double? data_drift,
        double? queue_lag, long api_requests, double? api_p95, long db_samples, double? db_p95, long cycles, long failed_cycles);
}
