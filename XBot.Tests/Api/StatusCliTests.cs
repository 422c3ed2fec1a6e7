using System.Text.Json.Nodes;
using XBot.Core.Storage;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary>runbooks.md §10–11: <c>metrics</c> and <c>rate-limits</c> show what GET /api/metrics and GET /api/rate-limit-status show.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StatusCliTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Metrics_prints_the_figures_of_the_metrics_route()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await scope.ScalarAsync<long>("""
            WITH i AS (INSERT INTO tweets (tweet_id, content, status, posted_at, created_at) VALUES
                ('m1', 'one', 'posted', now() - interval '10 minutes', now()),
                ('m2', 'two', 'shadowed', now() - interval '3 hours', now()),
                ('m3', 'three', 'queued', NULL, now())
            RETURNING 1) SELECT count(*) FROM i
            """);

        var json = await CliRunner.RunAsync(scope.Settings(), "metrics", "--json");
        var text = await CliRunner.RunAsync(scope.Settings(), "metrics");
        var route = JsonNode.Parse(await api.Client.GetStringAsync("/api/metrics"))!;

        Assert.True(json.ExitCode == 0, json.ToString());
        var cli = JsonNode.Parse(json.Stdout)!;
        foreach (var field in new[] { "tweetsByStatus", "postsLastHour", "postsLast24Hours", "storeMode" })
        {
            Assert.True(JsonNode.DeepEquals(route[field], cli[field]), $"{field}: api {route[field]?.ToJsonString()}, cli {cli[field]?.ToJsonString()}");
        }
        Assert.Equal("""{"posted":1,"queued":1,"shadowed":1}""", cli["tweetsByStatus"]!.ToJsonString());
        Assert.Equal((1L, 2L), ((long)cli["postsLastHour"]!, (long)cli["postsLast24Hours"]!));
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("1 in the last hour, 2 in the last 24 h", text.Stdout);
        Assert.Contains("rows by status: posted 1, queued 1, shadowed 1", text.Stdout);
    }

    [Fact]
    public async Task Rate_limits_prints_the_caps_and_x_windows_of_the_rate_limit_route_without_consuming()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using (var host = await scope.StartAsync())
        {
            await host.WarmAsync();
            Assert.True((await host.Store.CheckRateLimitAsync("daily_tweets")).Allowed);
        }
        await scope.ScalarAsync<long>("""
            WITH i AS (INSERT INTO x_rate_limit_windows (environment, endpoint, scope, limit_count, remaining, reset_at)
                VALUES ('development', 'POST /2/tweets', 'user', 100, 42, now() + interval '10 minutes') RETURNING 1) SELECT count(*) FROM i
            """);
        await using var api = await ApiHost.StartAsync(scope);

        var json = await CliRunner.RunAsync(scope.Settings(), "rate-limits", "--json");
        var text = await CliRunner.RunAsync(scope.Settings(), "rate-limits");
        var route = JsonNode.Parse(await api.Client.GetStringAsync("/api/rate-limit-status"))!;

        Assert.True(json.ExitCode == 0, json.ToString());
        var cli = JsonNode.Parse(json.Stdout)!;
        Assert.True(JsonNode.DeepEquals(route["caps"], cli["caps"]), $"api {route["caps"]?.ToJsonString()}, cli {cli["caps"]?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(route["xWindows"], cli["xWindows"]), $"api {route["xWindows"]?.ToJsonString()}, cli {cli["xWindows"]?.ToJsonString()}");
        Assert.Equal(["daily_tweets:1/17", "hourly_tweets:0/4"], cli["caps"]!.AsArray().Select(c => $"{c!["name"]}:{c["used"]}/{c["limit"]}"));
        Assert.Matches(@"daily_tweets\s+1 of 17 used, 16 left", text.Stdout);
        Assert.Contains("POST /2/tweets (user): 42 left of 100", text.Stdout);
        // Peeking consumed nothing.
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events WHERE limit_key = 'daily_tweets'"));
    }
}
