using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ApiShapeTests(InfrastructureFixture fixture)
{
    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", "/api/status" },
        { "GET", "/api/about" },
        { "GET", "/api/health" },
        { "GET", "/api/metrics" },
        { "GET", "/api/rate-limit-status" },
        { "GET", "/api/config" },
        { "GET", "/api/config/post_fraction" },
        { "PUT", "/api/config/post_fraction" },
        { "PUT", "/api/flags/posting" },
        { "POST", "/api/flags/all-off" },
        { "POST", "/api/brake" },
        { "GET", "/openapi/v1.json" },
        { "GET", "/api/approvals" },
        { "POST", "/api/tweet" },
        { "GET", "/api/spend" },
        { "GET", "/api/queue" },
        { "POST", "/api/queue/clear" },
        { "GET", "/api/fallback" },
        { "POST", "/api/fallback/enable" },
        { "POST", "/api/fallback/disable" },
        { "POST", "/api/consistency-audit" },
        { "POST", "/api/cache/clear" },
        { "POST", "/api/cache/rebuild" },
        { "POST", "/api/hashes/clear" },
        { "GET", "/api/schema/drift" },
        { "GET", "/api/schema/migrations" },
        { "GET", "/api/audit" },
        { "POST", "/api/test-tweet" },
        { "POST", "/api/approvals/1/approve" },
        { "POST", "/api/approvals/1/reject" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Every_protected_route_refuses_a_missing_or_wrong_key_with_problem_details_and_changes_nothing(string method, string route)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var anonymous = await api.Anonymous.SendAsync(Request(method, route, """{"value":0.5}"""));
        using var wrong = Request(method, route, """{"value":0.5}""");
        wrong.Headers.Authorization = new("Bearer", "not-the-key-not-the-key-not-the-key-000");
        using var wrongResponse = await api.Anonymous.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key IN ('post_fraction', 'feature_flags')"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task Status_is_the_one_liner_exactly()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        var before = await api.Client.GetStringAsync("/api/status");
        await ExecuteAsync(scope, """
            INSERT INTO tweets (tweet_id, content, status, posted_at) VALUES
              ('x1', 'first', 'posted', now() - interval '3 hours'),
              ('x2', 'second', 'posted', now() - interval '2 hours 10 minutes'),
              ('l3', 'waiting', 'queued', NULL)
            """);
        var after = await api.Client.GetStringAsync("/api/status");

        Assert.Matches(new Regex(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] xBOT Health: HEALTHY \| Redis:✅ \| DB:✅ \| Queue:0 \| Bandits:0 \| LastPost:none \| Posts/h:0$"), before);
        Assert.Matches(new Regex(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] xBOT Health: HEALTHY \| Redis:✅ \| DB:✅ \| Queue:1 \| Bandits:0 \| LastPost:2h \| Posts/h:0$"), after);
    }

    [Fact]
    public async Task Health_metrics_and_rate_limits_report_from_the_stores()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ExecuteAsync(scope, "INSERT INTO tweets (tweet_id, content, status, posted_at) VALUES ('x1', 'first', 'posted', now() - interval '10 minutes')");

        var health = JsonNode.Parse(await api.Client.GetStringAsync("/api/health"))!;
        var metrics = JsonNode.Parse(await api.Client.GetStringAsync("/api/metrics"))!;
        var limits = JsonNode.Parse(await api.Client.GetStringAsync("/api/rate-limit-status"))!;

        Assert.Equal("HEALTHY", (string?)health["status"]);
        Assert.Equal(1L, (long?)health["postsLastHour"]);
        Assert.Equal(1L, (long?)metrics["tweetsByStatus"]!["posted"]);
        Assert.Equal(1L, (long?)metrics["postsLast24Hours"]);
        Assert.Equal(["daily_tweets:17", "hourly_tweets:4"], limits["caps"]!.AsArray().Select(c => $"{c!["name"]}:{c["limit"]}"));
    }

    [Fact]
    public async Task Open_routes_list_every_flag_with_its_source_and_the_ops_commands()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await ExecuteAsync(scope, """INSERT INTO bot_config (key, environment, value) VALUES ('feature_flags', 'development', '{"shadow_testing": 40}')""");
        await using var api = await ApiHost.StartAsync(scope, new Dictionary<string, string?> { ["FEATURE_FLAG_POSTING"] = "false" });

        var flags = JsonNode.Parse(await api.Anonymous.GetStringAsync("/health/features"))!["flags"]!.AsArray()
            .ToDictionary(f => (string)f!["name"]!, f => $"{f!["enabled"]}/{f["rolloutPercent"]}/{f["source"]}");
        var commands = JsonNode.Parse(await api.Anonymous.GetStringAsync("/health/commands"))!.AsArray();

        Assert.Equal("false/0/Environment", flags["posting"]);
        Assert.Equal("true/40/Database", flags["shadow_testing"]);
        Assert.Equal("true/100/Default", flags["dual_write"]);
        Assert.Equal(9, flags.Count);
        Assert.Contains(commands, c => (string?)c!["name"] == "brake" && (bool?)c["enabled"] == true);
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_with_problem_details()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope, new Dictionary<string, string?> { ["Api:RateLimit:PermitLimit"] = "3", ["Api:RateLimit:Window"] = "01:00:00" });

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await api.Client.GetAsync("/api/about");
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        var document = JsonNode.Parse(await api.Client.GetStringAsync("/openapi/v1.json"))!;

        Assert.NotNull(document["paths"]!["/api/config/{key}"]);
        Assert.NotNull(document["paths"]!["/health/features"]);
    }

    internal static HttpRequestMessage Request(string method, string route, string? json = null) =>
        new(new HttpMethod(method), route)
        {
            Content = method == "GET" || json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };

    internal static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
