using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using XBot.Core.Alerts;
using XBot.Core.Monitoring;

namespace Microsoft.Extensions.DependencyInjection;

public static class MonitoringServiceExtensions
{
    /// <summary>
    /// The monitor's parts (passes, SLOs, alert state, report) and the alert sink that POSTs CRITICAL and
    /// above to the webhooks; it replaces the log-and-audit-only sink for every caller. The worker runs the
    /// passes on a schedule (MonitorService); the CLI's <c>monitor check</c> runs them once.
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitorOptions>()
            .Bind(configuration.GetSection(MonitorOptions.Section))
            .ValidateDataAnnotations();
        services.AddOptions<AlertWebhookOptions>().Configure(o =>
        {
            o.AlertUrl = configuration[AlertWebhookOptions.AlertVariable];
            o.EmergencyUrl = configuration[AlertWebhookOptions.EmergencyVariable];
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertWebhookOptions>, AlertWebhookOptionsValidator>());

        services.TryAddSingleton<AuditingAlertSink>();
        services.TryAddSingleton(s => new SecretRedactor(configuration));
        services.TryAddSingleton<AlertWebhook>();
        services.TryAddSingleton<AlertDispatcher>();
        services.Replace(ServiceDescriptor.Singleton<IAlertSink>(s => s.GetRequiredService<AlertDispatcher>()));
        services.TryAddSingleton<AlertConditions>();
        services.TryAddSingleton<SystemHealthLog>();
        services.TryAddSingleton<SloCalculator>();
        services.TryAddSingleton<MonitorGate>();
        services.TryAddSingleton<HealthPass>();
        services.TryAddSingleton<DriftPass>();
        services.TryAddSingleton<PerformancePass>();
        services.TryAddSingleton<MonitorPasses>();
        services.TryAddSingleton<MonitoringReporter>();

        var http = services.AddHttpClient(AlertWebhook.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        // The URL is a secret, and HttpClient's own logging writes it on every request; the default resilience
        // handler would also retry differently from what Monitor:Webhook* says.
        http.RemoveAllLoggers();
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddResilienceHandler("alert-webhook", (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<MonitorOptions>>().Value;
            builder
                .AddRetry(new HttpRetryStrategyOptions
                {
                    // A notice carries its id (Idempotency-Key), so repeating a POST is safe.
                    MaxRetryAttempts = Math.Max(options.WebhookAttempts - 1, 0),
                    Delay = options.WebhookRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(options.WebhookAttempts > 1 && IsTransient(args.Outcome)),
                })
                .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.WebhookTimeout });
        });
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };
}
