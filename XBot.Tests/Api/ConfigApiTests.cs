using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ConfigApiTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_change_is_stored_and_audited_with_who_old_and_new()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await Put(api, "/api/config/post_fraction", """{"value":0.3,"actor":"alice"}""");
        var read = JsonNode.Parse(await api.Client.GetStringAsync("/api/config/post_fraction"))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0.3", read["value"]!.ToJsonString());
        Assert.Equal("Database", (string?)read["source"]);
        Assert.Equal("api:alice||0.3", await scope.ScalarAsync<string>(
            "SELECT concat_ws('|', event_data->>'actor', coalesce(event_data->>'old', ''), event_data->>'new') FROM audit_log WHERE event_type = 'CONFIG_CHANGED'"));
    }

    [Theory]
    [InlineData("/api/config/post_fraction", """{"value":1.5}""", "post_fraction", "from 0.0 to 1.0")]
    [InlineData("/api/config/post_interval_min", """{"value":5}""", "post_interval_min", "from 15 to 180")]
    [InlineData("/api/config/spend_daily_usd", """{"value":-1}""", "spend_daily_usd", "a dollar amount from 0 to 100000, or false for no cap")]
    [InlineData("/api/config/no_such_key", """{"value":1}""", "no_such_key", "Unknown config key")]
    [InlineData("/api/config/post_fraction", """{"value":0.5""", "value", "")]
    [InlineData("/api/config/post_fraction", """{"value":0.5,"colour":"red"}""", "colour", "colour")]
    [InlineData("/api/config/post_fraction", """{"actor":"bob"}""", "value", "value")]
    [InlineData("/api/config/post_fraction", """{"value":0.5,"actor":7}""", "actor", "")]
    [InlineData("/api/config/post_fraction", "", "body", "empty")]
    [InlineData("/api/flags/posting", """{"value":150}""", "feature_flags", "rollout percentage from 0 to 100")]
    [InlineData("/api/flags/Bad-Name", """{"value":true}""", "feature_flags", "flag name 'Bad-Name'")]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string route, string body, string field, string mentions)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await Put(api, route, body);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        Assert.Contains(mentions, errors[field]![0]!.GetValue<string>());
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE environment = 'development'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CONFIG_CHANGED'"));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await Put(api, "/api/config/quiet_hours", $$"""{"value":[2],"actor":"{{new string('a', 20_000)}}"}""");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 16384", problem["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE environment = 'development'"));
    }

    [Fact]
    public async Task A_flag_takes_a_rollout_percentage_and_keeps_the_others()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await Put(api, "/api/flags/learning_engine_v2", """{"value":30}""");
        var flags = JsonNode.Parse(await api.Anonymous.GetStringAsync("/health/features"))!["flags"]!.AsArray()
            .ToDictionary(f => (string)f!["name"]!, f => $"{f!["rolloutPercent"]}/{f["source"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("30/Database", flags["learning_engine_v2"]);
        Assert.Equal("100/Database", flags["posting"]);
    }

    [Fact]
    public async Task The_brake_and_all_off_are_one_call_each_and_audited()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        using var raise = await Put(api, "/api/config/post_fraction", """{"value":0.7}""");

        using var brake = await api.Client.PostAsync("/api/brake", null);
        var fraction = JsonNode.Parse(await api.Client.GetStringAsync("/api/config/post_fraction"))!["value"]!.ToJsonString();
        using var off = await api.Client.PostAsync("/api/flags/all-off", new StringContent("""{"actor":"carol"}""", Encoding.UTF8, "application/json"));
        var flags = JsonNode.Parse(await api.Anonymous.GetStringAsync("/health/features"))!["flags"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, brake.StatusCode);
        Assert.Equal("0", fraction);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.All(flags, f => Assert.False((bool)f!["enabled"]!));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_data->>'actor' = 'api:carol'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_data->>'actor' = 'api:admin' AND event_data->>'key' = 'post_fraction' AND event_data->>'new' = '0'"));
    }

    [Fact]
    public async Task All_off_refuses_a_body_with_an_unknown_field()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.PostAsync("/api/flags/all-off", new StringContent("""{"who":"x"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE environment = 'development'"));
    }

    private static Task<HttpResponseMessage> Put(ApiHost api, string route, string body) =>
        api.Client.PutAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
}
