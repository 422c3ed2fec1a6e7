using Microsoft.Extensions.Options;

namespace XBot.Core.Monitoring;

/// <summary>
/// Where CRITICAL and EMERGENCY alerts are POSTed (runbooks.md §2.1, §10): <c>ALERT_WEBHOOK_URL</c> for
/// CRITICAL, <c>EMERGENCY_WEBHOOK_URL</c> for EMERGENCY (ALERT_WEBHOOK_URL when it is unset). Either may be
/// unset: alerts then go to the log and audit_log only. The URLs are secrets (they carry the hook's token):
/// never logged, never in an error message.
/// </summary>
public sealed class AlertWebhookOptions
{
    public const string AlertVariable = "ALERT_WEBHOOK_URL";
    public const string EmergencyVariable = "EMERGENCY_WEBHOOK_URL";

    public string? AlertUrl { get; set; }

    public string? EmergencyUrl { get; set; }

    /// <summary>The hook for a severity, or null when none is configured.</summary>
    public Uri? For(XBot.Core.Audit.AuditSeverity severity) => severity switch
    {
        XBot.Core.Audit.AuditSeverity.Emergency => Parse(EmergencyUrl) ?? Parse(AlertUrl),
        XBot.Core.Audit.AuditSeverity.Critical => Parse(AlertUrl),
        _ => null,
    };

    internal static Uri? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : null;
}

/// <summary>A malformed webhook URL stops start-up, named by its variable; the value itself is never repeated.</summary>
public sealed class AlertWebhookOptionsValidator : IValidateOptions<AlertWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertWebhookOptions options)
    {
        var errors = new List<string>();
        Check(AlertWebhookOptions.AlertVariable, options.AlertUrl, errors);
        Check(AlertWebhookOptions.EmergencyVariable, options.EmergencyUrl, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string variable, string? value, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && AlertWebhookOptions.Parse(value) is null)
        {
            errors.Add($"{variable} is not an absolute http or https URL; set it to the webhook's full address, for example https://hooks.example.com/services/T000/B000/XXXX, or leave it unset.");
        }
    }
}
