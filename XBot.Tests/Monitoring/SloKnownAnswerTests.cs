using Npgsql;
using XBot.Core.Configuration;
using XBot.Core.Monitoring;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Monitoring;

/// <summary>The SLO maths on recorded rows: known data in, the exact figures and statuses out.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SloKnownAnswerTests(InfrastructureFixture fixture)
{
    private static readonly DateTimeOffset To = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_slo_is_computed_from_the_rows_inside_the_window_with_its_exact_figure_and_status()
    {
        await using var database = await fixture.CreateMigratedDatabaseAsync();
        await using var source = database.CreateDataSource();
        await ExecuteAsync(source, """
            -- Posting latency: 20 live posts taking 0.1 s, 0.2 s ... 2.0 s; p95 = 1.9 + 0.05 * 0.1 = 1.905 s.
            INSERT INTO tweets (tweet_id, content, status, posting_started_at, posted_at)
            SELECT 'p' || i, 'post ' || i, 'posted', @to - interval '1 hour', @to - interval '1 hour' + i * interval '100 milliseconds'
            FROM generate_series(1, 20) i;
            -- Outside the window, or not live: ignored.
            INSERT INTO tweets (tweet_id, content, status, posting_started_at, posted_at) VALUES
              ('old', 'old post', 'posted', @to - interval '2 days', @to - interval '2 days' + interval '100 seconds'),
              ('shadow', 'shadow post', 'shadowed', @to - interval '1 hour', @to - interval '1 hour' + interval '100 seconds');

            -- Backfill: 99 of 100 readings succeeded = 99 %, not above 99 %.
            INSERT INTO system_health (timestamp, component, status, environment, metrics) VALUES
              (@to - interval '3 hours', 'engagement_collection', 'degraded', 'development', '{"due": 60, "read": 59, "not_found": 0}'),
              (@to - interval '2 hours', 'engagement_collection', 'healthy', 'development', '{"due": 40, "read": 39, "not_found": 1}'),
              (@to - interval '3 days', 'engagement_collection', 'degraded', 'development', '{"due": 50, "read": 0, "not_found": 0}'),
              (@to - interval '2 hours', 'engagement_collection', 'degraded', 'staging', '{"due": 50, "read": 0, "not_found": 0}');

            -- Uptime: 2000 health checks, one unhealthy = 99.95 %; the unhealthy one two days ago is outside.
            INSERT INTO system_health (timestamp, component, status, environment, metrics)
            SELECT @to - i * interval '30 seconds', 'health', CASE WHEN i = 7 THEN 'unhealthy' WHEN i % 3 = 0 THEN 'degraded' ELSE 'healthy' END, 'development', '{}'
            FROM generate_series(2, 2001) i;
            INSERT INTO system_health (timestamp, component, status, environment, metrics) VALUES
              (@to - interval '2 days', 'health', 'unhealthy', 'development', '{}'),
              -- The latest health check saw the oldest sync-queue item 7300 s old: over the 2 h queue-lag SLO.
              (@to - interval '10 seconds', 'health', 'healthy', 'development', '{"sync_queue_depth": 3, "sync_oldest_age_s": 7300}');

            -- Drift: the latest audit counts (0.5 %), not the older 3 %.
            INSERT INTO system_health (timestamp, component, status, environment, metrics) VALUES
              (@to - interval '5 hours', 'drift', 'drift', 'development', '{"data_drift_percent": 3.0}'),
              (@to - interval '1 hour', 'drift', 'ok', 'development', '{"data_drift_percent": 0.5}');

            -- API: 20 requests of 10, 20 ... 200 ms over two rows; p95 = 190 + 0.05 * 10 = 190.5 ms.
            INSERT INTO system_health (timestamp, component, status, environment, metrics) VALUES
              (@to - interval '2 minutes', 'api', 'ok', 'development', '{"requests": 10, "errors": 0, "durations_ms": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]}'),
              (@to - interval '1 minute', 'api', 'ok', 'development', '{"requests": 10, "errors": 0, "durations_ms": [110, 120, 130, 140, 150, 160, 170, 180, 190, 200]}');

            -- Database: 100 timed queries of 1 ... 100 ms; p95 = 95 + 0.05 * 1 = 95.05 ms.
            INSERT INTO system_health (timestamp, component, status, environment, metrics)
            SELECT @to - i * interval '1 minute', 'performance', 'ok', 'development', jsonb_build_object('database_ms', i, 'redis_ms', 0.5)
            FROM generate_series(1, 100) i;

            -- Error rate: 3 failed and 1 unknown of 1000 cycles = 0.4 %: over the 0.1 % warning, under the 1 % critical.
            INSERT INTO schedule_decisions (decided_at, worker, outcome)
            SELECT @to - i * interval '1 minute', 'w', CASE WHEN i IN (5, 50, 500) THEN 'failed' WHEN i = 77 THEN 'unknown' ELSE 'skipped' END
            FROM generate_series(1, 1000) i;
            INSERT INTO schedule_decisions (decided_at, worker, outcome) VALUES (@to - interval '3 days', 'w', 'failed');
            """);

        var figures = await new SloCalculator(source, new XBotOptions()).ReadAsync(To, TimeSpan.FromHours(24), CancellationToken.None);
        var slos = SloTargets.Evaluate(figures).ToDictionary(s => s.Name);

        Assert.Equal(20, figures.PostsMeasured);
        AssertSlo(slos[SloTargets.PostingLatency], 1.905, SloStatus.Met);
        Assert.Equal((100L, 99L), (figures.BackfillDue, figures.BackfillSucceeded));
        AssertSlo(slos[SloTargets.BackfillSuccess], 99, SloStatus.Breached);
        Assert.Equal((2001L, 2000L), (figures.HealthChecks, figures.HealthChecksUp));
        AssertSlo(slos[SloTargets.Uptime], 99.95, SloStatus.Met);
        AssertSlo(slos[SloTargets.DataDrift], 0.5, SloStatus.Met);
        AssertSlo(slos[SloTargets.QueueLagName], 7300, SloStatus.Breached);
        Assert.Equal(20, figures.ApiRequests);
        AssertSlo(slos[SloTargets.ApiLatency], 190.5, SloStatus.Met);
        Assert.Equal(100, figures.DatabaseSamples);
        AssertSlo(slos[SloTargets.DatabaseLatency], 95.05, SloStatus.Met);
        Assert.Equal((1000L, 4L), (figures.Cycles, figures.FailedCycles));
        AssertSlo(slos[SloTargets.ErrorRate], 0.4, SloStatus.Warning);
        Assert.Equal(SloStatus.Breached, SloTargets.Worst(slos.Values));
    }

    [Fact]
    public async Task On_a_simulated_clock_posting_latency_is_the_real_duration_of_the_X_call()
    {
        await using var database = await fixture.CreateMigratedDatabaseAsync();
        await using var source = database.CreateDataSource();
        // At 1000x, a 0.1 s call is recorded 100 simulated seconds apart: 20 posts of 100 ... 2000 s, p95 1905 s.
        await ExecuteAsync(source, """
            INSERT INTO tweets (tweet_id, content, status, posting_started_at, posted_at)
            SELECT 'p' || i, 'post ' || i, 'posted', @to - interval '1 hour', @to - interval '1 hour' + i * interval '100 seconds'
            FROM generate_series(1, 20) i;
            """);
        var clock = new XBot.Core.Time.ScaledTimeProvider(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(To), To, 1000);

        var slos = SloTargets.Evaluate(await new SloCalculator(source, new XBotOptions(), clock).ReadAsync(To, TimeSpan.FromHours(24), CancellationToken.None));

        AssertSlo(slos.Single(s => s.Name == SloTargets.PostingLatency), 1.905, SloStatus.Met);
    }

    [Fact]
    public async Task With_no_recorded_rows_every_slo_says_no_data_rather_than_met()
    {
        await using var database = await fixture.CreateMigratedDatabaseAsync();
        await using var source = database.CreateDataSource();

        var slos = SloTargets.Evaluate(await new SloCalculator(source, new XBotOptions()).ReadAsync(To, TimeSpan.FromHours(24), CancellationToken.None));

        Assert.Equal(8, slos.Count);
        Assert.All(slos, s => Assert.Equal((null, SloStatus.NoData), (s.Value, s.Status)));
    }

    [Theory]
    [InlineData(1, 1000, SloStatus.Met)]       // 0.1 %: not over the warning threshold
    [InlineData(2, 1000, SloStatus.Warning)]   // 0.2 %
    [InlineData(10, 1000, SloStatus.Warning)]  // 1 %: not over the critical threshold
    [InlineData(11, 1000, SloStatus.Breached)] // 1.1 %
    public void The_error_rate_is_a_warning_over_a_tenth_of_a_percent_and_breached_over_one_percent(long failed, long cycles, SloStatus expected)
    {
        var slo = SloTargets.Evaluate(SloFigures.Empty with { Cycles = cycles, FailedCycles = failed }).Single(s => s.Name == SloTargets.ErrorRate);
        Assert.Equal(expected, slo.Status);
    }

    [Theory]
    [InlineData(1.999, SloStatus.Met)]
    [InlineData(2.0, SloStatus.Breached)]
    public void Posting_latency_must_stay_under_two_seconds(double p95, SloStatus expected) =>
        Assert.Equal(expected, SloTargets.Evaluate(SloFigures.Empty with { PostsMeasured = 1, PostingLatencyP95Seconds = p95 }).Single(s => s.Name == SloTargets.PostingLatency).Status);

    private static void AssertSlo(Slo slo, double value, SloStatus status)
    {
        Assert.NotNull(slo.Value);
        Assert.Equal(value, slo.Value!.Value, 6);
        Assert.Equal(status, slo.Status);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        command.Parameters.AddWithValue("to", To);
        await command.ExecuteNonQueryAsync();
    }
}
