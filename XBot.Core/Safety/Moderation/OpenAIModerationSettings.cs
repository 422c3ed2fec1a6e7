using Microsoft.Extensions.Options;

namespace XBot.Core.Safety.Moderation;

/// <summary>
/// The runbook's OpenAI variables as moderation uses them: <c>OPENAI_API_KEY</c> (moderation is off
/// without it) and <c>OPENAI_BASE_URL</c> (an OpenAI-compatible server, for example <c>https://api.openai.com/v1</c>).
/// </summary>
public sealed class OpenAIModerationSettings
{
    public string? ApiKey { get; set; }

    public string? BaseUrl { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The key is a secret: it is never part of a message.</summary>
    public override string ToString() => $"OpenAIModerationSettings {{ Enabled = {IsEnabled}, BaseUrl = {BaseUrl} }}";
}

public sealed class OpenAIModerationSettingsValidator : IValidateOptions<OpenAIModerationSettings>
{
    public ValidateOptionsResult Validate(string? name, OpenAIModerationSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            return ValidateOptionsResult.Success;
        }
        return Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"OPENAI_BASE_URL is '{settings.BaseUrl}'; use an http(s) URL such as https://api.openai.com/v1.");
    }
}
