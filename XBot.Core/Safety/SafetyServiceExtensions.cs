using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Moderations;
using XBot.Core.Safety;
using XBot.Core.Safety.Moderation;

namespace Microsoft.Extensions.Hosting;

public static class SafetyServiceExtensions
{
    /// <summary>
    /// The safety guard: <see cref="SafetyOptions"/> from section <c>Safety</c>, validated at start-up;
    /// OpenAI moderation when <c>OPENAI_API_KEY</c> is set, otherwise moderation disabled.
    /// </summary>
    public static IServiceCollection AddSafety(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SafetyOptions>().Bind(configuration.GetSection(SafetyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SafetyOptions>, SafetyOptionsValidator>());

        services.AddOptions<OpenAIModerationSettings>()
            .Configure(s =>
            {
                s.ApiKey = configuration["OPENAI_API_KEY"];
                s.BaseUrl = configuration["OPENAI_BASE_URL"];
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAIModerationSettings>, OpenAIModerationSettingsValidator>());

        services.TryAddSingleton<IContentModerator>(CreateModerator);
        services.TryAddSingleton<SafetyGuard>();
        return services;
    }

    private static IContentModerator CreateModerator(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<OpenAIModerationSettings>>().Value;
        if (!settings.IsEnabled)
        {
            return new DisabledContentModerator();
        }
        var moderation = services.GetRequiredService<IOptions<SafetyOptions>>().Value.Moderation;
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = moderation.Timeout,
            // No retries inside the call: the timeout is the whole budget, and the next scheduling cycle asks again.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (!string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            clientOptions.Endpoint = new Uri(settings.BaseUrl);
        }
        var client = new ModerationClient(moderation.Model, new ApiKeyCredential(settings.ApiKey!), clientOptions);
        return new OpenAIContentModerator(client, moderation.Timeout, services.GetRequiredService<ILogger<OpenAIContentModerator>>());
    }
}
