using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>What a webhook receives: one alert firing, or the end of one (<see cref="Status"/> <c>resolved</c>).</summary>
public sealed record AlertNotice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("condition")] string? Condition,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("at")] DateTimeOffset At);

/// <summary>
/// POSTs CRITICAL and EMERGENCY alerts as JSON to their webhook (<see cref="AlertWebhookOptions"/>), through
/// the <see cref="ClientName"/> client's resilience pipeline (retries with back-off on 5xx, 408, 429 and
/// network errors; see MonitoringServiceExtensions). The notice's id goes in <c>Idempotency-Key</c>, so a
/// receiver can tell a retry from a second alert. Never throws; never logs the URL.
/// </summary>
public sealed partial class AlertWebhook(
    IHttpClientFactory clients,
    IOptions<AlertWebhookOptions> hooks,
    SecretRedactor redactor,
    XBotOptions options,
    TimeProvider time,
    ILogger<AlertWebhook> logger)
{
    public const string ClientName = "alert-webhook";

    /// <summary>Sends <paramref name="alert"/> when its severity has a hook; true when a hook accepted it.</summary>
    public async Task<bool> SendAsync(Alert alert, string status, string? condition, CancellationToken cancellationToken)
    {
        if (hooks.Value.For(alert.Severity) is not { } url)
        {
            return false;
        }
        var notice = new AlertNotice(
            Guid.NewGuid().ToString("N"),
            status,
            AuditEvent.SeverityText(alert.Severity).ToUpperInvariant(),
            alert.EventType,
            alert.Component,
            condition,
            redactor.Redact(alert.Message),
            options.AppEnv,
            time.GetUtcNow());
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(notice) };
            request.Headers.Add("Idempotency-Key", notice.Id);
            // ServiceDefaults' UntracedRequestOption: the URL is a secret, so no trace span may carry it.
            request.Options.Set(new HttpRequestOptionsKey<bool>("XBot.Untraced"), true);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            LogRefused(logger, notice.Severity, notice.Event, (int)response.StatusCode);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's message may quote the URL: log its type only.
            LogFailed(logger, notice.Severity, notice.Event, ex.GetType().Name);
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Severity} alert {EventType} could not be delivered to its webhook: HTTP {Status} after every attempt")]
    private static partial void LogRefused(ILogger logger, string severity, string eventType, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Severity} alert {EventType} could not be delivered to its webhook: {Error} after every attempt")]
    private static partial void LogFailed(ILogger logger, string severity, string eventType, string error);
}
