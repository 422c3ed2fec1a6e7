using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class AuditApiTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task The_audit_log_is_filtered_and_paged_newest_first()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        foreach (var value in new[] { 20, 30, 40, 50, 60 })
        {
            using var set = await api.Client.PutAsync("/api/config/post_interval_min", new StringContent($$"""{"value":{{value}},"actor":"ivy"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var first = JsonNode.Parse(await api.Client.GetStringAsync("/api/audit?eventType=CONFIG_CHANGED&actor=api:ivy&limit=2"))!;
        var second = JsonNode.Parse(await api.Client.GetStringAsync($"/api/audit?eventType=CONFIG_CHANGED&actor=api:ivy&limit=2&before={first["nextBefore"]}"))!;
        var none = JsonNode.Parse(await api.Client.GetStringAsync("/api/audit?eventType=CONFIG_CHANGED&actor=api:nobody"))!;

        Assert.Equal(["60", "50"], first["items"]!.AsArray().Select(i => i!["eventData"]!["new"]!.ToJsonString()));
        Assert.Equal(["40", "30"], second["items"]!.AsArray().Select(i => i!["eventData"]!["new"]!.ToJsonString()));
        Assert.Empty(none["items"]!.AsArray());
        Assert.Null(none["nextBefore"]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("severity=loud", "severity")]
    [InlineData("before=-3", "before")]
    [InlineData("limit=many", "limit")]
    public async Task Bad_filters_are_a_400_naming_the_field(string query, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.GetAsync($"/api/audit?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.Parse(body)!["errors"]!.AsObject().ContainsKey(field), body);
    }
}
