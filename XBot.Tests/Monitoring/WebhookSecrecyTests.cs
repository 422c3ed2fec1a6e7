using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Monitoring;

/// <summary>The webhook URL is a secret: no log line of any level carries it, whether delivery fails or succeeds.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WebhookSecrecyTests(InfrastructureFixture fixture)
{
    private const string Token = "T0SECRET/B0SECRET/tokentokentoken";

    [Fact]
    public async Task No_log_record_carries_the_webhook_url_when_delivery_is_refused_fails_or_succeeds()
    {
        await using var refusing = await WebhookReceiver.StartAsync($"hooks/{Token}");
        refusing.FailFirst = int.MaxValue;
        await using var accepting = await WebhookReceiver.StartAsync($"hooks/{Token}");
        var closed = $"http://127.0.0.1:{PortFinder.Free()}/hooks/{Token}";
        await using var scope = await StoreScope.CreateAsync(fixture);

        foreach (var url in new[] { refusing.Url, closed, accepting.Url })
        {
            using var host = Build(scope, url);
            await host.Services.GetRequiredService<IAlertSink>().RaiseAsync(new Alert(AuditSeverity.Critical, "TEST_FAILURE", "test", "something broke"));

            var records = host.Services.GetFakeLogCollector().GetSnapshot();
            Assert.Contains(records, r => r.Message.Contains("ALERT CRITICAL TEST_FAILURE", StringComparison.Ordinal));
            Assert.All(records, r => Assert.DoesNotContain("tokentoken", $"{r.Message} {r.Exception} {r.StructuredState?.Select(s => s.Value).Aggregate("", (a, b) => a + b)}", StringComparison.Ordinal));
        }
        Assert.Equal(4, refusing.Requests.Count);
        Assert.Single(accepting.Accepted);
    }

    private static IHost Build(StoreScope scope, string url)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(scope.Settings(AlertWebhookTests.Settings(url)));
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        return builder.Build();
    }
}
