using Npgsql;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Learning;

/// <summary>The six §3 views against seeded rows, with the expected values worked out by hand in the comments.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AnalyticsViewTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_views_return_hand_computed_rates_tiers_percentiles_and_success_rates()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var day = DateTimeOffset.UtcNow.Date.AddDays(-2);
        var evening = new DateTimeOffset(day.AddHours(18), TimeSpan.Zero);
        var morning = new DateTimeOffset(day.AddHours(9), TimeSpan.Zero);
        var db = scope.Postgres;
        // rate = (likes + retweets + replies + quotes + bookmarks) / impressions
        var a = await LearningTestData.InsertPostAsync(db, "ai", evening, metrics: (10, 2, 2, 1, 0, 100), reward: 0.8);            // 0.15 viral
        await LearningTestData.InsertPostAsync(db, "ai", evening.AddMinutes(30), metrics: (5, 1, 1, 1, 0, 100), reward: 0.6);     // 0.08 high
        await LearningTestData.InsertPostAsync(db, "ai", morning, metrics: (2, 0, 1, 0, 0, 100), reward: 0.4);                    // 0.03 medium
        await LearningTestData.InsertPostAsync(db, "ops", morning.AddMinutes(5), source: "rss", metrics: (1, 0, 0, 0, 1, 200));   // 0.01 low, not rewarded
        await LearningTestData.InsertPostAsync(db, "ai", evening, status: "shadowed", metrics: (99, 0, 0, 0, 0, 100), reward: 1);  // never published: nowhere
        await LearningTestData.InsertPostAsync(db, "ai", evening.AddDays(-8), source: "rss", metrics: (1, 0, 0, 0, 0, 10), reward: 0.7); // 10 days: 14-day view only
        await ExecuteAsync(db, $$$"""
            INSERT INTO schedule_decisions (decided_at, worker, outcome, reason, tweet_row, details)
            VALUES (now(), 'test', 'posted', 'posted', {{{a}}}, '{"Scores": [{"Id": {{{a}}}, "Bandit": {"Explored": true}}]}');
            INSERT INTO audit_log (timestamp, event_type, component, severity, event_data) VALUES
                (now(), 'LEARNING_CYCLE_COMPLETE', 'learning', 'info', '{"postsProcessed": 3, "armsUpdated": 5, "baseline": 0.03, "averageReward": 0.5, "armCount": 5}'),
                (now(), 'LEARNING_CYCLE_COMPLETE', 'learning', 'info', '{"postsProcessed": 1, "armsUpdated": 3, "baseline": 0.05, "averageReward": 0.7, "armCount": 7}'),
                (now() - interval '40 days', 'LEARNING_CYCLE_COMPLETE', 'learning', 'info', '{"postsProcessed": 50, "armsUpdated": 3, "baseline": 0.05, "armCount": 2}');
            """);

        Assert.Equal("low:0.01,medium:0.03,high:0.08,viral:0.15", await TextAsync(db,
            "SELECT string_agg(performance_tier || ':' || round(engagement_rate::numeric, 4)::float8, ',' ORDER BY engagement_rate) FROM vw_recent_posts"));

        // ai: 3 posts, mean (0.15 + 0.08 + 0.03) / 3; p95 of likes 2, 5, 10 = 5 + 0.9 × 5 = 9.5; 26 engagements / 300 impressions.
        Assert.Equal("ai|3|0.086667|9.5|0.086667;ops|1|0.01|1|0.01", await TextAsync(db,
            "SELECT string_agg(concat_ws('|', topic, post_count, round(avg_engagement_rate::numeric, 6)::float8, p95_likes, round(click_through_estimate::numeric, 6)::float8), ';' ORDER BY topic) FROM vw_topics_perf_7d"));

        // 9 h: rates 0.03, 0.01 (mean 0.02), likes 1, 2 → p95 1.95, 5 / 300; 18 h: 0.15, 0.08, likes 5, 10 → 9.75, 23 / 200.
        Assert.Equal("9|2|0.02|1.95|0.016667|0|0|1|1;18|2|0.115|9.75|0.115|1|1|0|0", await TextAsync(db,
            "SELECT string_agg(concat_ws('|', posting_hour, post_count, round(avg_engagement_rate::numeric, 6)::float8, p95_likes, round(click_through_estimate::numeric, 6)::float8, viral_count, high_count, medium_count, low_count), ';' ORDER BY posting_hour) FROM vw_time_of_day_perf_7d"));

        // The seeded day: 4 posts, 2 at or above 0.08, 1 explored, mean reward (0.8 + 0.6 + 0.4) / 3, 3 rewarded.
        Assert.Equal("4|2|1|0.6|3", await TextAsync(db,
            $"SELECT concat_ws('|', post_count, high_performing_posts, exploration_posts, round(avg_reward::numeric, 6)::float8, reward_posts) FROM vw_learning_performance WHERE day = DATE '{day:yyyy-MM-dd}'"));

        // Two cycles today (the one 40 days ago is outside): 4 posts, 8 arm updates, mean baseline 0.04, mean reward 0.6, 7 arms.
        Assert.Equal("2|4|8|0.04|0.6|7", await TextAsync(db,
            "SELECT string_agg(concat_ws('|', learning_cycles, posts_processed, arms_updated, round(avg_baseline::numeric, 6)::float8, round(avg_reward::numeric, 6)::float8, arm_count), ';') FROM vw_bandit_performance"));

        // test: rewards 0.8, 0.6, 0.4 → 2 of 3 above 0.5; rss: one unrewarded post and one rewarded 0.7 → 1 of 1.
        Assert.Equal("rss|2|1|1|1;test|3|3|2|0.666667", await TextAsync(db,
            "SELECT string_agg(concat_ws('|', source, post_count, rewarded_posts, successful_posts, round(success_rate::numeric, 6)::float8), ';' ORDER BY source) FROM vw_content_sources_perf"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
