using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using XBot.Core.Posting.XApi;
using XBot.Core.Time;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator.Apis;

/// <summary>
/// The stand-in's own controls under <c>/_sim</c>: faults, ground truth, clock, and what it received.
/// Unauthenticated, as befits a local test double; never expose it beyond the machine.
/// </summary>
internal static class AdminApi
{
    public sealed record FaultRequest(SimFault Fault, string? Endpoint, int? Count, double? DurationSeconds, int? StatusCode);

    public sealed record AdvanceRequest(double? Seconds, TimeSpan? By);

    public sealed record SetClockRequest(DateTimeOffset Now);

    private static readonly string[] Endpoints = [XEndpoints.CreateTweet, XEndpoints.LookupTweets, XEndpoints.Me, XEndpoints.UserTweets];

    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/state", State);

        admin.MapGet("/requests", (XSimulatorState state) => Results.Json(state.Requests.All()));
        admin.MapDelete("/requests", (XSimulatorState state) => { state.Requests.Clear(); return Results.NoContent(); });

        admin.MapGet("/posts", Posts);
        admin.MapDelete("/posts", (XSimulatorState state) => { state.Posts.Clear(); return Results.NoContent(); });

        admin.MapGet("/faults", (XSimulatorState state) => Results.Json(state.Faults.Active()));
        admin.MapPost("/faults", WithBody<FaultRequest>(AddFault, FaultHint));
        admin.MapDelete("/faults", (XSimulatorState state) => { state.Faults.Clear(); return Results.NoContent(); });
        admin.MapDelete("/faults/{id:long}", (long id, XSimulatorState state) => state.Faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        admin.MapGet("/ground-truth", (XSimulatorState state) => Results.Json(state.GroundTruth.ToOptions()));
        admin.MapPut("/ground-truth", WithBody<GroundTruthOptions>(SetGroundTruth));

        admin.MapGet("/clock", Clock);
        admin.MapPost("/clock/advance", WithBody<AdvanceRequest>(AdvanceClock));
        admin.MapPut("/clock", WithBody<SetClockRequest>(SetClock));

        admin.MapPost("/reset", (XSimulatorState state) => { state.Reset(); return Results.NoContent(); });
        return admin;
    }

    private static IResult State(XSimulatorState state) => Results.Json(new
    {
        now = state.Clock.GetUtcNow(),
        clock_offset = state.Clock.Offset,
        posts = state.Posts.Count,
        requests = Endpoints.ToDictionary(e => e, e => state.Requests.Count(e)),
        faults = state.Faults.Active(),
        rate_limits = state.RateLimits.Snapshot(),
    });

    /// <summary>Every post with its topic, the rate the truth expects for it, and its metrics now.</summary>
    private static IResult Posts(XSimulatorState state) => Results.Json(state.Posts.All().Select(post => new
    {
        post.Id,
        post.Text,
        post.DisplayText,
        post.Topic,
        post.CreatedAt,
        ExpectedRate = state.ExpectedRateOf(post),
        PublicMetrics = state.MetricsOf(post),
    }));

    private static IResult AddFault(FaultRequest request, XSimulatorState state)
    {
        if (request.Endpoint is { } endpoint && !Endpoints.Contains(endpoint))
        {
            return BadRequest($"endpoint is '{endpoint}'; use one of {string.Join(", ", Endpoints.Select(e => $"'{e}'"))}, or leave it out for all.");
        }
        try
        {
            var duration = request.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return Results.Json(state.Faults.Add(request.Fault, request.Endpoint, request.Count, duration, request.StatusCode), statusCode: 201);
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static IResult SetGroundTruth(GroundTruthOptions options, XSimulatorState state)
    {
        try
        {
            state.GroundTruth = GroundTruth.From(options);
            return Results.Json(state.GroundTruth.ToOptions());
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
    }

    /// <summary>Simulated now, the admin offset, and the shared simulated clock (epoch and scale) when there is one.</summary>
    private static IResult Clock(XSimulatorState state) => Results.Json(new
    {
        now = state.Clock.GetUtcNow(),
        offset = state.Clock.Offset,
        simulated = state.Clock.Base is ScaledTimeProvider scaled ? new { epoch = scaled.Epoch, scale = scaled.Scale } : null,
    });

    private static IResult AdvanceClock(AdvanceRequest request, XSimulatorState state)
    {
        var by = request.By ?? (request.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null);
        if (by is null)
        {
            return BadRequest("Give 'seconds' (a number) or 'by' (a duration such as \"01:30:00\").");
        }
        try
        {
            return Results.Json(new { now = state.Clock.Advance(by.Value), offset = state.Clock.Offset });
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static IResult SetClock(SetClockRequest request, XSimulatorState state)
    {
        try
        {
            return Results.Json(new { now = state.Clock.Set(request.Now), offset = state.Clock.Offset });
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
    }

    private const string FaultHint = " 'fault' is one of rate-limit-storm, duplicate, server-error, timeout, accept-then-drop, usage-capped, payment-required, errors-only.";

    /// <summary>
    /// Reads the JSON body by hand rather than through parameter binding, so that a bad body gets a 400
    /// saying what is wrong in every environment, instead of the framework's empty 400 or exception page.
    /// </summary>
    private static Func<HttpRequest, XSimulatorState, Task<IResult>> WithBody<T>(Func<T, XSimulatorState, IResult> handle, string hint = "") where T : class =>
        async (request, state) =>
        {
            var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            T? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<T>(request.Body, json, request.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                return BadRequest($"The request body isn't valid: {e.Message}{hint}");
            }
            return body is null ? BadRequest("The request body is empty; send a JSON object." + hint) : handle(body, state);
        };

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: 400);
}
