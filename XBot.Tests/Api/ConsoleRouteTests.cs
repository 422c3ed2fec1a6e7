using System.Net;
using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary>What the console reads beyond the runbook routes: the queue's verdicts and scores, the audit log by time.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ConsoleRouteTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task The_queue_carries_each_rows_safety_verdict_and_its_latest_score()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ApiShapeTests.ExecuteAsync(scope, """
            INSERT INTO tweets (tweet_id, content, status, priority, expires_at, safety_verdict) VALUES
              ('q1', 'scored one', 'queued', 0.7, now() + interval '1 day', '{"Allowed":true,"Risk":0,"Reasons":[{"Rule":"spam","Detail":"one spam word","Risk":0}],"Moderation":0}'),
              ('q2', 'never scored', 'queued', 0.4, now() + interval '1 day', NULL)
            """);
        var id = await scope.ScalarAsync<long>("SELECT id FROM tweets WHERE tweet_id = 'q1'");
        await ApiShapeTests.ExecuteAsync(scope, $$"""
            INSERT INTO schedule_decisions (decided_at, worker, outcome, reason, details) VALUES
              (now() - interval '10 minutes', 'w', 'skipped', 'older', '{"Scores":[{"Id":{{id}},"Topic":"t","Priority":0.7,"Score":0.1}]}'),
              (now() - interval '1 minute', 'w', 'skipped', 'newer', '{"Scores":[{"Id":{{id}},"Topic":"t","Priority":0.7,"Score":0.9}]}'),
              (now() - interval '3 days', 'w', 'skipped', 'too old', '{"Scores":[{"Id":{{id + 1}},"Topic":"t","Priority":0.4,"Score":0.5}]}'),
              (now() - interval '30 seconds', 'w', 'skipped', 'no candidate is queued', '{"Scores":null}'),
              (now() - interval '20 seconds', 'w', 'skipped', 'older shape', '{}')
            """);

        var queue = JsonNode.Parse(await api.Client.GetStringAsync("/api/queue"))!.AsArray();

        var scored = queue.Single(r => (string?)r!["tweetId"] == "q1")!;
        var unscored = queue.Single(r => (string?)r!["tweetId"] == "q2")!;
        Assert.Equal("spam", (string?)scored["safetyVerdict"]!["Reasons"]![0]!["Rule"]);
        Assert.Equal(0.9, (double)scored["score"]!["Score"]!);
        Assert.Null(unscored["safetyVerdict"]);
        Assert.Null(unscored["score"]);
        Assert.Equal("queued", (string?)scored["status"]);
    }

    [Fact]
    public async Task The_audit_log_is_filtered_by_time()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ApiShapeTests.ExecuteAsync(scope, """
            INSERT INTO audit_log (timestamp, event_type, component, severity) VALUES
              ('2026-01-01T08:00:00Z', 'EARLY', 'test', 'info'),
              ('2026-01-01T09:00:00Z', 'MIDDLE', 'test', 'info'),
              ('2026-01-01T10:00:00Z', 'LATE', 'test', 'info')
            """);

        var page = JsonNode.Parse(await api.Client.GetStringAsync("/api/audit?component=test&since=2026-01-01T08:30:00Z&until=2026-01-01T10:00:00Z"))!;
        var fromNine = JsonNode.Parse(await api.Client.GetStringAsync("/api/audit?component=test&since=2026-01-01T09:00:00%2B00:00"))!;

        Assert.Equal(["MIDDLE"], page["items"]!.AsArray().Select(i => (string?)i!["eventType"]));
        Assert.Equal(["LATE", "MIDDLE"], fromNine["items"]!.AsArray().Select(i => (string?)i!["eventType"]));
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until")]
    public async Task A_bad_time_filter_is_a_400_naming_the_field(string query, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.GetAsync($"/api/audit?{query}");

        await ApiHost.AssertBadRequestNamingAsync(response, field);
    }
}
