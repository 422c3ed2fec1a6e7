using System.Text.Json.Nodes;
using XBot.Core.Alerts;
using XBot.Core.Audit;

namespace XBot.Core.Monitoring;

/// <summary>
/// The alert sink of api, worker and CLI (runbooks.md §10): every alert is logged and written to audit_log
/// (<see cref="AuditingAlertSink"/>), and CRITICAL and above are POSTed to their webhook. Messages are
/// redacted first, so no secret reaches the log, audit_log or the webhook. Raising never throws.
/// </summary>
public sealed class AlertDispatcher(AuditingAlertSink audit, AlertWebhook webhook, SecretRedactor redactor) : IAlertSink
{
    public Task RaiseAsync(Alert alert, CancellationToken cancellationToken = default) => RaiseAsync(alert, condition: null, cancellationToken);

    public async Task RaiseAsync(Alert alert, string? condition, CancellationToken cancellationToken)
    {
        alert = alert with { Message = redactor.Redact(alert.Message) };
        await audit.RaiseAsync(alert, cancellationToken);
        if (alert.Severity >= AuditSeverity.Critical)
        {
            await webhook.SendAsync(alert, "firing", condition, cancellationToken);
        }
    }

    /// <summary>
    /// The end of a condition that alerted: an INFO <c>&lt;EVENT&gt;_RESOLVED</c> row, and, when the alert went to a
    /// webhook, a "resolved" notice to the same webhook with the original severity.
    /// </summary>
    public async Task ResolveAsync(Alert original, string condition, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var message = redactor.Redact($"Resolved: {original.Message}");
        await audit.RaiseAsync(new Alert(AuditSeverity.Info, original.EventType + "_RESOLVED", original.Component, message, new JsonObject
        {
            ["condition"] = condition,
            ["was"] = AuditEvent.SeverityText(original.Severity),
            ["since"] = since,
        }), cancellationToken);
        if (original.Severity >= AuditSeverity.Critical)
        {
            await webhook.SendAsync(original with { Message = message }, "resolved", condition, cancellationToken);
        }
    }
}
