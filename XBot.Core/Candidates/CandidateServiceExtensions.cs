using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAI;
using XBot.Core.Candidates;
using XBot.Core.Candidates.Sources;

namespace Microsoft.Extensions.Hosting;

public static class CandidateServiceExtensions
{
    public static IServiceCollection AddCandidates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CandidateOptions>()
            .Bind(configuration.GetSection(CandidateOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHttpClient(RssFeedSource.HttpClientName);
        services.AddSingleton<ICandidateSource, TopicTemplateSource>();
        services.AddSingleton<ICandidateSource, RssFeedSource>();

        if (configuration["OPENAI_API_KEY"] is { Length: > 0 } apiKey)
        {
            services.TryAddSingleton<IChatClient>(sp =>
            {
                var model = configuration[$"{CandidateOptions.Section}:Llm:Model"] ?? new LlmSourceOptions().Model;
                var clientOptions = new OpenAIClientOptions();
                if (configuration["OPENAI_BASE_URL"] is { Length: > 0 } baseUrl)
                {
                    clientOptions.Endpoint = new Uri(baseUrl);
                }
                return new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions).GetChatClient(model).AsIChatClient();
            });
            services.AddSingleton<ICandidateSource, LlmCandidateSource>();
        }
        return services;
    }
}
