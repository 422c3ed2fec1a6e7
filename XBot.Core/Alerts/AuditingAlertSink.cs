using Microsoft.Extensions.Logging;
using XBot.Core.Audit;

namespace XBot.Core.Alerts;

/// <summary>The default sink: every alert is logged and written to <c>audit_log</c> with its severity.</summary>
public sealed class AuditingAlertSink(AuditLog audit, ILogger<AuditingAlertSink> logger) : IAlertSink
{
    public async Task RaiseAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        var level = alert.Severity switch
        {
            AuditSeverity.Info => LogLevel.Information,
            AuditSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        logger.Log(level, "ALERT {Severity} {EventType} [{Component}]: {Message}", AuditEvent.SeverityText(alert.Severity).ToUpperInvariant(), alert.EventType, alert.Component, alert.Message);

        var data = alert.Data?.DeepClone().AsObject() ?? [];
        data.TryAdd("message", alert.Message);
        try
        {
            await audit.WriteAsync(new AuditEvent(alert.EventType, alert.Component, alert.Severity, data), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // PostgreSQL may be the thing that is down; the log line above is then the only trace.
            logger.LogError(ex, "Could not write alert {EventType} to audit_log", alert.EventType);
        }
    }
}
