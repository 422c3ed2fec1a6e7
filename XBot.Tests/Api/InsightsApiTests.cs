using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Learning;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Tests.Infrastructure;
using XBot.Tests.Learning;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary>The read-side routes the console's insight pages use: posts, learning, analytics and the database overview.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InsightsApiTests(InfrastructureFixture fixture)
{
    public static TheoryData<string> Routes => new()
    {
        "/api/posts", "/api/posts/1", "/api/learning/arms", "/api/learning/cycles", "/api/learning/trend", "/api/learning/agreement",
        "/api/analytics", "/api/analytics/vw_recent_posts", "/api/analytics/topic-hour", "/api/database",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_insight_route_refuses_a_missing_or_wrong_key(string route)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, route);
        wrong.Headers.Authorization = new("Bearer", "not-the-key-not-the-key-not-the-key-000");

        using var anonymous = await api.Anonymous.GetAsync(route);
        using var refused = await api.Anonymous.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/posts?limit=0", "limit")]
    [InlineData("/api/posts?limit=201", "limit")]
    [InlineData("/api/posts?limit=many", "limit")]
    [InlineData("/api/posts?before=0", "before")]
    [InlineData("/api/posts?status=famous", "status")]
    [InlineData("/api/posts?status=posted,famous", "status")]
    [InlineData("/api/posts?status=,", "status")]
    [InlineData("/api/learning/cycles?limit=0", "limit")]
    [InlineData("/api/learning/trend?cycles=501", "cycles")]
    [InlineData("/api/learning/agreement?days=0", "days")]
    [InlineData("/api/analytics/vw_topics_perf_7d?limit=0", "limit")]
    [InlineData("/api/analytics/vw_topics_perf_7d?offset=-1", "offset")]
    [InlineData("/api/analytics/topic-hour?days=91", "days")]
    [InlineData("/api/database?statements=0", "statements")]
    public async Task Bad_parameters_are_a_400_naming_the_field(string route, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.GetAsync(route);

        await ApiHost.AssertBadRequestNamingAsync(response, field);
    }

    [Theory]
    [InlineData("/api/posts?limit=many", "limit")]
    [InlineData("/api/learning/cycles?limit=abc", "limit")]
    [InlineData("/api/learning/cycles?limit=99999999999", "limit")]
    public async Task Unbindable_parameters_are_named_in_production_too(string route, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope, environment: "Production");

        using var response = await api.Client.GetAsync(route);

        await ApiHost.AssertBadRequestNamingAsync(response, field);
    }

    [Theory]
    [InlineData("/api/analytics/tweets")]
    [InlineData("/api/analytics/vw_recent_posts;drop")]
    [InlineData("/api/posts/424242")]
    public async Task An_unknown_view_or_post_is_a_404_problem(string route)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Posts_come_newest_first_with_metrics_tier_decision_parts_and_lifecycle_history()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var lifecycle = api.Services.GetRequiredService<PostLifecycleStore>();
        var now = DateTimeOffset.UtcNow;
        var posted = await QueueAsync(lifecycle, "Postgres vacuum tuning, in one picture", "databases", now);
        var queued = await QueueAsync(lifecycle, "Redis streams for job queues", "redis", now);
        Assert.True(await lifecycle.TransitionAsync(posted, ["queued"], new Transition("posting", "posting") { AttemptId = Guid.NewGuid(), PostingStartedAt = now }, CancellationToken.None));
        Assert.True(await lifecycle.TransitionAsync(posted, ["posting"], new Transition("posted", "posted") { TweetId = "1790000000000000001", PostedAt = now }, CancellationToken.None));
        var bandit = new BanditScore(posted, new Dictionary<string, double> { ["topic:databases"] = 0.61 }, 0.61, false, 0.04, 0.1, 0.55, 0.58);
        await lifecycle.RecordDecisionAsync("test-worker", "posted", "posted live", posted,
            new CycleDecision(CycleOutcome.Posted, "posted live", now, posted, Scores: [new CandidateScore(posted, "databases", 0.7, 1.25, bandit), new CandidateScore(queued, "redis", 0.5, 1.1)])
            { Engine = "bandit" }, CancellationToken.None);
        // 9 engagements over 100 impressions: 0.09, the high tier.
        await ApiShapeTests.ExecuteAsync(scope, $$"""UPDATE tweets SET engagement = '{"likes": 5, "retweets": 2, "replies": 1, "quotes": 0, "bookmarks": 1, "impressions": 100}' WHERE id = {{posted}}""");

        var page = JsonNode.Parse(await api.Client.GetStringAsync("/api/posts?limit=1"))!;
        var next = JsonNode.Parse(await api.Client.GetStringAsync($"/api/posts?limit=1&before={page["nextBefore"]}"))!;
        var onlyPosted = JsonNode.Parse(await api.Client.GetStringAsync("/api/posts?status=posted"))!;
        var either = JsonNode.Parse(await api.Client.GetStringAsync("/api/posts?status=posted,queued"))!;
        var detail = JsonNode.Parse(await api.Client.GetStringAsync($"/api/posts/{posted}"))!;

        Assert.Equal(queued, (long)page["items"]![0]!["id"]!);
        Assert.Null(page["items"]![0]!["xUrl"]);
        Assert.Null(page["items"]![0]!["decision"]);
        var post = next["items"]![0]!;
        Assert.Equal(posted, (long)post["id"]!);
        Assert.Equal(0.09, (double)post["engagementRate"]!, 9);
        Assert.Equal("high", (string?)post["tier"]);
        Assert.Equal(100L, (long)post["metrics"]!["impressions"]!);
        Assert.Equal("https://x.com/i/web/status/1790000000000000001", (string?)post["xUrl"]);
        Assert.Equal(("posted", "bandit", 2), ((string)post["decision"]!["outcome"]!, (string)post["decision"]!["engine"]!, (int)post["decision"]!["candidates"]!));
        Assert.Equal(1.25, (double)post["decision"]!["score"]!["score"]!);
        Assert.Equal(0.55, (double)post["decision"]!["score"]!["bandit"]!["total"]!);
        Assert.Equal(0.1, (double)post["decision"]!["score"]!["bandit"]!["diversity"]!);
        Assert.Equal([posted], onlyPosted["items"]!.AsArray().Select(i => (long)i!["id"]!));
        Assert.Equal([queued, posted], either["items"]!.AsArray().Select(i => (long)i!["id"]!));
        Assert.Equal(["POST_QUEUED:queued", "POST_TRANSITION:posting", "POST_TRANSITION:posted"],
            detail["history"]!.AsArray().Select(h => $"{h!["event"]}:{h["to"]}"));
        Assert.All(detail["history"]!.AsArray(), h => Assert.False(string.IsNullOrEmpty((string?)h!["actor"])));
        Assert.Equal("posting", (string?)detail["history"]![2]!["from"]);
    }

    [Fact]
    public async Task Learning_shows_each_arms_posterior_with_its_95_percent_interval_the_cycles_and_the_trend()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        // No decay: the arms keep exactly what the cycle gave them, so the expected posterior is known.
        await using var api = await ApiHost.StartAsync(scope, new Dictionary<string, string?> { ["Learning:HalfLife"] = "00:00:00" });
        var now = DateTimeOffset.UtcNow;
        // Rates 0.02, 0.03, 0.06: the median 0.03 is the baseline, so the rewards are 0.4, 0.5 and 2/3.
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-5), 0.02);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-4), 0.03);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-3), 0.06);
        var cycle = api.Services.GetRequiredService<LearningCycle>();
        await cycle.RunOnceAsync(CancellationToken.None);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ops", now.AddHours(-2), 0.09);
        await cycle.RunOnceAsync(CancellationToken.None);

        var arms = JsonNode.Parse(await api.Client.GetStringAsync("/api/learning/arms"))!;
        var cycles = JsonNode.Parse(await api.Client.GetStringAsync("/api/learning/cycles?limit=5"))!.AsArray();
        var trend = JsonNode.Parse(await api.Client.GetStringAsync("/api/learning/trend"))!;
        var agreement = JsonNode.Parse(await api.Client.GetStringAsync("/api/learning/agreement"))!;

        var ai = arms["arms"]!.AsArray().Single(a => (string?)a!["arm"] == "topic:ai")!;
        var (alpha, beta) = (1 + 0.4 + 0.5 + 2.0 / 3, 1 + 0.6 + 0.5 + 1.0 / 3);
        Assert.Equal(alpha, (double)ai["alpha"]!, 9);
        Assert.Equal(alpha / (alpha + beta), (double)ai["mean"]!, 9);
        Assert.Equal(MathNet.Numerics.Distributions.Beta.InvCDF(alpha, beta, 0.025), (double)ai["lower"]!, 9);
        Assert.Equal(MathNet.Numerics.Distributions.Beta.InvCDF(alpha, beta, 0.975), (double)ai["upper"]!, 9);
        Assert.True((double)ai["lower"]! < (double)ai["mean"]! && (double)ai["mean"]! < (double)ai["upper"]!);
        Assert.Equal(3, (double)ai["pulls"]!, 9);
        Assert.Equal(0.95, (double)arms["credibleLevel"]!);
        Assert.Equal([1, 3], cycles.Select(c => (int)c!["postsProcessed"]!));
        Assert.Contains(cycles[1]!["topArms"]!.AsArray(), a => (string?)a!["arm"] == "topic:ai");
        var aiTrend = trend["series"]!.AsArray().Single(s => (string?)s!["arm"] == "topic:ai")!["points"]!.AsArray();
        Assert.Equal(2, aiTrend.Count);
        Assert.True(DateTimeOffset.Parse((string)aiTrend[0]!["at"]!) <= DateTimeOffset.Parse((string)aiTrend[1]!["at"]!));
        Assert.Equal(0, (int)agreement["decisions"]!);
        Assert.Null(agreement["agreementRate"]);
    }

    [Fact]
    public async Task V1_V2_agreement_is_the_share_of_shadow_scored_decisions_where_both_engines_picked_the_same_post()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var lifecycle = api.Services.GetRequiredService<PostLifecycleStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (agree, difference) in new[] { (true, 0.0), (false, 0.02), (true, 0.0), (false, 0.04) })
        {
            await lifecycle.RecordDecisionAsync("test-worker", "shadowed", "shadow", null,
                new CycleDecision(CycleOutcome.Shadowed, "shadow", now) { Comparison = new ShadowComparison(1, agree ? 1 : 2, agree, difference) }, CancellationToken.None);
        }
        // A decision without a comparison (the bandit off, or nothing to compare) is not part of the rate.
        await lifecycle.RecordDecisionAsync("test-worker", "skipped", "quiet hours", null, new CycleDecision(CycleOutcome.Skipped, "quiet hours", now), CancellationToken.None);

        var agreement = JsonNode.Parse(await api.Client.GetStringAsync("/api/learning/agreement?days=7"))!;

        Assert.Equal(4, (int)agreement["decisions"]!);
        Assert.Equal(0.5, (double)agreement["agreementRate"]!, 9);
        Assert.Equal(0.015, (double)agreement["averageExpectedRewardDifference"]!, 9);
        Assert.True((bool)agreement["shadowTesting"]!);
        Assert.Single(agreement["byDay"]!.AsArray());
    }

    [Fact]
    public async Task The_six_views_answer_by_name_in_their_order_and_page_by_offset()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var now = DateTimeOffset.UtcNow;
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-3), metrics: (10, 2, 2, 0, 1, 100));
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-2), metrics: (1, 0, 0, 0, 0, 100));
        await LearningTestData.InsertPostAsync(scope.Postgres, "ops", now.AddHours(-1), metrics: (2, 1, 0, 0, 0, 100));

        var names = JsonNode.Parse(await api.Client.GetStringAsync("/api/analytics"))!.AsArray().Select(n => (string)n!).ToList();
        var pages = new Dictionary<string, JsonNode>();
        foreach (var name in names)
        {
            pages[name] = JsonNode.Parse(await api.Client.GetStringAsync($"/api/analytics/{name}"))!;
        }
        var first = JsonNode.Parse(await api.Client.GetStringAsync("/api/analytics/vw_recent_posts?limit=2"))!;
        var second = JsonNode.Parse(await api.Client.GetStringAsync($"/api/analytics/vw_recent_posts?limit=2&offset={first["nextOffset"]}"))!;
        var grid = JsonNode.Parse(await api.Client.GetStringAsync("/api/analytics/topic-hour?days=7"))!;

        Assert.Equal(6, names.Count);
        var topics = pages["vw_topics_perf_7d"]["rows"]!.AsArray();
        Assert.Equal(["ai:2", "ops:1"], topics.Select(r => $"{r!["topic"]}:{r["post_count"]}"));
        Assert.Equal((0.15 + 0.01) / 2, (double)topics[0]!["avg_engagement_rate"]!, 9);
        Assert.Equal(["ops", "ai"], first["rows"]!.AsArray().Select(r => (string)r!["topic"]!));
        Assert.Equal("viral", (string?)second["rows"]![0]!["performance_tier"]);
        Assert.Null(second["nextOffset"]);
        Assert.Equal(3, grid["cells"]!.AsArray().Sum(c => (int)c!["posts"]!));
        Assert.Matches(@"^\d{4}-\d\d-\d\d$", (string)pages["vw_learning_performance"]["rows"]![0]!["day"]!);
    }

    [Fact]
    public async Task Without_the_pg_stat_statements_extension_the_database_overview_still_answers_and_says_why_statements_are_missing()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ApiShapeTests.ExecuteAsync(scope, "DROP EXTENSION IF EXISTS pg_stat_statements");

        var report = JsonNode.Parse(await api.Client.GetStringAsync("/api/database"))!;

        Assert.Contains(report["connections"]!.AsArray(), c => (int)c!["connections"]! >= 1);
        Assert.Contains(report["tables"]!.AsArray(), t => (string?)t!["table"] == "tweets" && (long)t["totalBytes"]! > 0);
        Assert.False((bool)report["statementsAvailable"]!);
        Assert.StartsWith("pg_stat_statements not available", (string)report["statementsNote"]!);
        Assert.Empty(report["slowStatements"]!.AsArray());
    }

    [Fact]
    public async Task With_pg_stat_statements_created_the_overview_lists_this_databases_slowest_statements()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        // The AppHost's PostgreSQL preloads the library (as the tests' server does); the extension is per database.
        await ApiShapeTests.ExecuteAsync(scope, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await ApiShapeTests.ExecuteAsync(scope, "SELECT pg_sleep(0.01), 'insights-marker'");

        var report = JsonNode.Parse(await api.Client.GetStringAsync("/api/database?statements=100"))!;

        Assert.True((bool)report["statementsAvailable"]!, report.ToJsonString());
        Assert.Null(report["statementsNote"]);
        Assert.Contains(report["slowStatements"]!.AsArray(), s => ((string)s!["query"]!).Contains("pg_sleep", StringComparison.Ordinal) && (long)s["calls"]! >= 1);
        // The extension's views are the extension's, not schema drift (the AppHost creates it in its database).
        var drift = JsonNode.Parse(await api.Client.GetStringAsync("/api/schema/drift"))!;
        Assert.Empty(drift["items"]!.AsArray());
    }

    private static async Task<long> QueueAsync(PostLifecycleStore lifecycle, string text, string topic, DateTimeOffset now) =>
        (await lifecycle.EnqueueAsync(new XBot.Core.Posting.Lifecycle.NewPost(text, "", "test", topic, 0.5, now.AddHours(6)), CancellationToken.None))!.Value;
}
