using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Monitoring;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Monitoring;

[Collection(InfrastructureCollection.Name)]
public sealed class AlertWebhookTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_critical_alert_is_retried_after_a_500_and_delivered_once_with_the_same_idempotency_key()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.FailFirst = 1;
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(Settings(hook.Url), start: false);

        await host.Get<IAlertSink>().RaiseAsync(new Alert(AuditSeverity.Critical, "TEST_FAILURE", "test", "something broke"));

        Assert.Equal([500, 200], hook.Requests.Select(r => r.Answer));
        Assert.Single(hook.Requests.Select(r => r.IdempotencyKey).Distinct());
        var notice = Assert.Single(hook.Accepted);
        Assert.Equal(("firing", "CRITICAL", "TEST_FAILURE", "something broke", "development"),
            ((string)notice["status"]!, (string)notice["severity"]!, (string)notice["event"]!, (string)notice["message"]!, (string)notice["environment"]!));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TEST_FAILURE' AND severity = 'critical'"));
    }

    [Fact]
    public async Task A_hook_that_keeps_failing_gets_the_configured_number_of_attempts_and_raising_still_returns()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.FailFirst = int.MaxValue;
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(Settings(hook.Url, new() { ["Monitor:WebhookAttempts"] = "3" }), start: false);

        await host.Get<IAlertSink>().RaiseAsync(new Alert(AuditSeverity.Critical, "TEST_FAILURE", "test", "something broke"));

        Assert.Equal(3, hook.Requests.Count);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TEST_FAILURE'"));
    }

    [Fact]
    public async Task Warnings_stay_in_the_log_and_audit_log_and_emergencies_go_to_the_emergency_hook()
    {
        await using var alerts = await WebhookReceiver.StartAsync("hooks/alerts");
        await using var emergencies = await WebhookReceiver.StartAsync("hooks/emergencies");
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(Settings(alerts.Url, new() { ["EMERGENCY_WEBHOOK_URL"] = emergencies.Url }), start: false);
        var sink = host.Get<IAlertSink>();

        await sink.RaiseAsync(new Alert(AuditSeverity.Info, "TEST_INFO", "test", "fyi"));
        await sink.RaiseAsync(new Alert(AuditSeverity.Warning, "TEST_WARNING", "test", "degraded"));
        await sink.RaiseAsync(new Alert(AuditSeverity.Emergency, "TEST_EMERGENCY", "test", "data loss"));

        Assert.Empty(alerts.Requests);
        Assert.Equal("EMERGENCY", (string)Assert.Single(emergencies.Accepted)["severity"]!);
        Assert.Equal(3L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type LIKE 'TEST_%'"));
    }

    [Fact]
    public async Task No_secret_reaches_the_webhook_or_audit_log_even_when_an_error_message_quotes_one()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        const string apiKey = "xk-live-0123456789abcdef";
        await using var host = await scope.StartAsync(Settings(hook.Url, new() { ["TWITTER_API_KEY"] = apiKey }), start: false);
        var password = new Npgsql.NpgsqlConnectionStringBuilder(scope.Postgres).Password ?? "(no password configured)";

        await host.Get<IAlertSink>().RaiseAsync(new Alert(AuditSeverity.Critical, "TEST_FAILURE", "test",
            $"connect failed: Host=db;Password={password};Username=x; key {apiKey}; hook {hook.Url}; redis://user:hunter2hunter2@cache:6379"));

        var body = Assert.Single(hook.Accepted).ToJsonString();
        var audited = await scope.ScalarAsync<string>("SELECT event_data::text FROM audit_log WHERE event_type = 'TEST_FAILURE'");
        foreach (var text in new[] { body, audited })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(apiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("tokentokentoken", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2hunter2", text, StringComparison.Ordinal);
            Assert.Contains("connect failed", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_malformed_webhook_url_is_refused_by_its_variable_name_without_repeating_it()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(scope.Settings(new Dictionary<string, string?> { ["ALERT_WEBHOOK_URL"] = "hooks.example.com/secret-token-123" }), start: false);

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<AlertWebhookOptions>>().Value);

        Assert.Contains("ALERT_WEBHOOK_URL is not an absolute http or https URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-123", error.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Settings(string alertUrl, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ALERT_WEBHOOK_URL"] = alertUrl,
            ["Monitor:WebhookRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }
}
