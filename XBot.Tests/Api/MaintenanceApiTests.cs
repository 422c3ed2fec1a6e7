using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class MaintenanceApiTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task The_store_and_schema_operations_work_over_http()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ApiShapeTests.ExecuteAsync(scope, "INSERT INTO tweets (tweet_id, content, status, expires_at) VALUES ('l1', 'queued one', 'queued', now() + interval '1 day')");

        var queue = JsonNode.Parse(await api.Client.GetStringAsync("/api/queue"))!.AsArray();
        using var cleared = await api.PostJsonAsync("/api/queue/clear", """{"actor":"hal"}""");
        using var enable = await api.PostJsonAsync("/api/fallback/enable", """{"actor":"hal","reason":"drill"}""");
        var status = JsonNode.Parse(await api.Client.GetStringAsync("/api/fallback"))!;
        using var disable = await api.PostJsonAsync("/api/fallback/disable", null);
        using var audit = await api.PostJsonAsync("/api/consistency-audit", null);
        using var rebuild = await api.PostJsonAsync("/api/cache/rebuild", null);
        using var clearCache = await api.PostJsonAsync("/api/cache/clear", null);
        using var hashes = await api.PostJsonAsync("/api/hashes/clear", null);
        var drift = JsonNode.Parse(await api.Client.GetStringAsync("/api/schema/drift"))!;
        var migrations = JsonNode.Parse(await api.Client.GetStringAsync("/api/schema/migrations"))!.AsArray();

        Assert.Single(queue);
        Assert.Equal(1L, (long)JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!["affected"]!);
        Assert.Equal("expired", await scope.ScalarAsync<string>("SELECT status FROM tweets WHERE tweet_id = 'l1'"));
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.True((bool)status["manual"]!["enabled"]!, status.ToJsonString());
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { disable, audit, rebuild, clearCache, hashes }.Select(r => r.StatusCode));
        Assert.Empty(drift["items"]!.AsArray());
        Assert.Contains(migrations, m => m!["version"]!.ToJsonString().Contains("1.9.0"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CANDIDATES_CLEARED' AND event_data->>'actor' = 'api:hal'"));
    }

    [Theory]
    [InlineData("/api/fallback/enable", """{"actor":"x","force":true}""", "force")]
    [InlineData("/api/queue/clear", """{"actor":""" + "\"\"}", "actor")]
    [InlineData("/api/cache/clear", """[1,2]""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string route, string body, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.PostJsonAsync(route, body);

        await ApiHost.AssertBadRequestNamingAsync(response, field);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_data->>'actor' LIKE 'api:%'"));
    }

    [Fact]
    public async Task A_queue_limit_out_of_range_is_a_400()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.GetAsync("/api/queue?limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync());
    }

}
