using System.Text.Json;
using System.Text.Json.Serialization;
using XBot.Core.Time;
using XBot.XSimulator.Apis;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator;

public static class XSimulatorServiceExtensions
{
    /// <summary>
    /// Registers the stand-in's state with the given options and base clock (the system clock unless a
    /// test passes a FakeTimeProvider), and X's JSON conventions: snake_case, absent rather than null.
    /// </summary>
    public static IServiceCollection AddXSimulator(this IServiceCollection services, XSimulatorOptions options, TimeProvider? baseClock = null)
    {
        var state = new XSimulatorState(options, baseClock ?? TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(state);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return services;
    }

    /// <summary>
    /// Binds the <c>XSimulator</c> section and registers the stand-in; a bad value stops start-up with a message naming it.
    /// With <c>SIMULATED_CLOCK_EPOCH</c> and <c>SIMULATED_TIME_SCALE</c> its base clock is the simulated clock its clients share.
    /// </summary>
    public static IHostApplicationBuilder AddXSimulator(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(XSimulatorOptions.Section).Get<XSimulatorOptions>() ?? new XSimulatorOptions();
        builder.Services.AddXSimulator(options, SimulatedClock.Read(builder.Configuration)?.CreateClock());
        return builder;
    }

    /// <summary>Maps the X API v2 routes under <c>/2</c> and the admin API under <c>/_sim</c>.</summary>
    public static IEndpointRouteBuilder MapXSimulator(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/2").AddEndpointFilter<XApiPipelineFilter>();
        api.MapTweetsApi();
        api.MapUsersApi();
        app.MapGroup("/_sim").MapAdminApi();
        return app;
    }
}
