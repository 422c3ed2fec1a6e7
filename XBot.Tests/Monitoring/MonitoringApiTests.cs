using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using XBot.Api.Http;
using XBot.Core.Monitoring;
using XBot.Tests.Api;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Monitoring;

[Collection(InfrastructureCollection.Name)]
public sealed class MonitoringApiTests(InfrastructureFixture fixture)
{
    private static readonly string[] SloNames =
        [SloTargets.PostingLatency, SloTargets.BackfillSuccess, SloTargets.Uptime, SloTargets.DataDrift, SloTargets.QueueLagName, SloTargets.ApiLatency, SloTargets.DatabaseLatency, SloTargets.ErrorRate];

    [Fact]
    public async Task The_report_gives_every_figure_and_each_slo_with_its_status_computed_from_recorded_rows()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await ExecuteAsync(scope, """
            INSERT INTO schedule_decisions (decided_at, worker, outcome) VALUES
              (now() - interval '1 hour', 'w', 'skipped'), (now() - interval '50 minutes', 'w', 'shadowed'),
              (now() - interval '40 minutes', 'w', 'skipped'), (now() - interval '30 minutes', 'w', 'failed');
            INSERT INTO system_health (timestamp, component, status, environment, metrics) VALUES
              (now() - interval '10 minutes', 'health', 'healthy', 'development', '{"sync_queue_depth": 0, "sync_oldest_age_s": null}'),
              (now() - interval '5 minutes', 'health', 'unhealthy', 'development', '{}');
            """);
        await using var api = await ApiHost.StartAsync(scope);

        var report = JsonNode.Parse(await api.Client.GetStringAsync("/api/monitoring"))!;

        var slos = report["slos"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!);
        Assert.Equal(SloNames.Order(), slos.Keys.Order());
        Assert.Equal((25.0, "breached"), ((double)slos[SloTargets.ErrorRate]["value"]!, (string)slos[SloTargets.ErrorRate]["status"]!));
        Assert.Equal((50.0, "breached"), ((double)slos[SloTargets.Uptime]["value"]!, (string)slos[SloTargets.Uptime]["status"]!));
        Assert.Equal("no_data", (string)slos[SloTargets.PostingLatency]["status"]!);
        var figures = report["figures"]!;
        Assert.Equal((25.0, 50.0), ((double)figures["errorRatePercent"]!, (double)figures["uptimePercent"]!));
        Assert.Equal(("HEALTHY", true, true), ((string)figures["health"]!, (bool)figures["redisOk"]!, (bool)figures["databaseOk"]!));
        Assert.Equal(0, (long)figures["queueDepth"]!);
        Assert.Equal(24.0, (double)report["windowHours"]!);
        Assert.True((bool)report["monitoring"]!["on"]!);
        Assert.Equal(["health", "drift", "performance"], report["lastPass"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task The_route_refuses_a_missing_or_wrong_key_and_a_window_out_of_range_names_the_field()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var anonymous = await api.Anonymous.GetAsync("/api/monitoring");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/monitoring");
        wrong.Headers.Authorization = new("Bearer", "not-the-key-not-the-key-not-the-key-000");
        using var wrongAnswer = await api.Anonymous.SendAsync(wrong);
        using var zero = await api.Client.GetAsync("/api/monitoring?windowHours=0");
        using var tooLong = await api.Client.GetAsync("/api/monitoring?windowHours=2161");
        using var text = await api.Client.GetAsync("/api/monitoring?windowHours=soon");
        using var week = await api.Client.GetAsync("/api/monitoring?windowHours=168");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, wrongAnswer.StatusCode));
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        await ApiHost.AssertBadRequestNamingAsync(zero, "windowHours");
        await ApiHost.AssertBadRequestNamingAsync(tooLong, "windowHours");
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal(168.0, (double)JsonNode.Parse(await week.Content.ReadAsStringAsync())!["windowHours"]!);
    }

    [Fact]
    public async Task Api_requests_are_timed_into_system_health_and_feed_the_api_p95_slo()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.Client.GetAsync("/api/about");
            response.EnsureSuccessStatusCode();
        }
        using (await api.Client.GetAsync("/health"))
        {
        }

        await api.Services.GetServices<IHostedService>().OfType<ApiTimingsWriter>().Single().FlushAsync(CancellationToken.None);

        Assert.Equal(5L, await scope.ScalarAsync<long>("SELECT (metrics ->> 'requests')::bigint FROM system_health WHERE component = 'api'"));
        Assert.Equal(5, await scope.ScalarAsync<int>("SELECT jsonb_array_length(metrics -> 'durations_ms') FROM system_health WHERE component = 'api'"));
        var report = JsonNode.Parse(await api.Client.GetStringAsync("/api/monitoring"))!;
        var apiSlo = report["slos"]!.AsArray().Single(s => (string)s!["name"]! == SloTargets.ApiLatency)!;
        Assert.NotNull(apiSlo["value"]);
        Assert.NotEqual("no_data", (string)apiSlo["status"]!);
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
