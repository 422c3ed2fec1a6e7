using XBot.Core.Audit;
using XBot.Core.Monitoring;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Monitoring;

/// <summary>Deduplication: a condition that stays bad is one alert, its end one "resolved", kept across processes.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AlertConditionTests(InfrastructureFixture fixture)
{
    private static readonly ConditionAlert Down = new("redis", AuditSeverity.Critical, "REDIS_DOWN", "Redis does not answer");

    [Fact]
    public async Task A_condition_alerts_after_the_confirming_observation_once_then_resolves_once()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(AlertWebhookTests.Settings(hook.Url), start: false);
        var conditions = host.Get<AlertConditions>();

        List<ConditionChange> changes = [];
        foreach (var bad in new ConditionAlert?[] { Down, Down, Down, Down, null, null })
        {
            changes.Add(await conditions.ObserveAsync("redis", bad, CancellationToken.None));
        }

        Assert.Equal([ConditionChange.Pending, ConditionChange.Fired, ConditionChange.None, ConditionChange.None, ConditionChange.Resolved, ConditionChange.None], changes);
        Assert.Equal(["firing", "resolved"], hook.Accepted.Select(n => (string)n["status"]!));
        Assert.All(hook.Accepted, n => Assert.Equal(("CRITICAL", "REDIS_DOWN", "redis"), ((string)n["severity"]!, (string)n["event"]!, (string)n["condition"]!)));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_DOWN' AND severity = 'critical'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_DOWN_RESOLVED' AND severity = 'info'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM alert_state"));
    }

    [Fact]
    public async Task A_blip_shorter_than_the_confirmation_clears_without_any_alert()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(AlertWebhookTests.Settings(hook.Url), start: false);
        var conditions = host.Get<AlertConditions>();

        Assert.Equal(ConditionChange.Pending, await conditions.ObserveAsync("redis", Down, CancellationToken.None));
        Assert.Equal(ConditionChange.None, await conditions.ObserveAsync("redis", null, CancellationToken.None));

        Assert.Empty(hook.Requests);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type LIKE 'REDIS_DOWN%'"));
    }

    [Fact]
    public async Task Another_process_sees_the_alert_as_already_raised_and_a_worsening_alerts_once_more()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        var backlog = new ConditionAlert("sync_backlog", AuditSeverity.Warning, "SYNC_BACKLOG", "1500 items");
        await using (var first = await scope.StartAsync(AlertWebhookTests.Settings(hook.Url), start: false))
        {
            var conditions = first.Get<AlertConditions>();
            await conditions.ObserveAsync("sync_backlog", backlog, CancellationToken.None);
            Assert.Equal(ConditionChange.Fired, await conditions.ObserveAsync("sync_backlog", backlog, CancellationToken.None));
        }

        await using var second = await scope.StartAsync(AlertWebhookTests.Settings(hook.Url), start: false);
        var again = second.Get<AlertConditions>();
        Assert.Equal(ConditionChange.None, await again.ObserveAsync("sync_backlog", backlog, CancellationToken.None));
        Assert.Equal(ConditionChange.Escalated, await again.ObserveAsync("sync_backlog", backlog with { Severity = AuditSeverity.Critical, Message = "6000 items" }, CancellationToken.None));
        Assert.Equal(ConditionChange.None, await again.ObserveAsync("sync_backlog", backlog, CancellationToken.None));
        Assert.Equal(ConditionChange.Resolved, await again.ObserveAsync("sync_backlog", null, CancellationToken.None));

        Assert.Equal(["warning", "critical"], await AuditSeveritiesAsync(scope, "SYNC_BACKLOG"));
        Assert.Equal([("firing", "6000 items"), ("resolved", "Resolved: 6000 items")], hook.Accepted.Select(n => ((string)n["status"]!, (string)n["message"]!)));
    }

    [Fact]
    public async Task While_postgresql_is_unreachable_the_state_is_kept_in_memory_and_the_emergency_still_alerts_once()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        var settings = AlertWebhookTests.Settings(hook.Url);
        // Nothing listens there: every PostgreSQL call fails at once, as in an outage.
        settings["ConnectionStrings:xbotdb"] = $"Host=127.0.0.1;Port={PortFinder.Free()};Username=x;Password=unused-password;Database=xbotdb;Timeout=1";
        await using var host = await scope.StartAsync(settings, start: false);
        var conditions = host.Get<AlertConditions>();
        var down = new ConditionAlert("database", AuditSeverity.Emergency, "DATABASE_DOWN", "PostgreSQL does not answer");

        List<ConditionChange> changes = [];
        foreach (var bad in new ConditionAlert?[] { down, down, down, null })
        {
            changes.Add(await conditions.ObserveAsync("database", bad, CancellationToken.None));
        }

        Assert.Equal([ConditionChange.Pending, ConditionChange.Fired, ConditionChange.None, ConditionChange.Resolved], changes);
        // No EMERGENCY_WEBHOOK_URL: emergencies go to ALERT_WEBHOOK_URL.
        Assert.Equal([("firing", "EMERGENCY"), ("resolved", "EMERGENCY")], hook.Accepted.Select(n => ((string)n["status"]!, (string)n["severity"]!)));
    }

    private static async Task<List<string>> AuditSeveritiesAsync(StoreScope scope, string eventType)
    {
        await using var connection = new Npgsql.NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT severity FROM audit_log WHERE event_type = @e ORDER BY id", connection);
        command.Parameters.AddWithValue("e", eventType);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }
}
