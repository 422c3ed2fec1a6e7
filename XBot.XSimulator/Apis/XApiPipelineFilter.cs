using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator.Apis;

/// <summary>
/// What every X API route goes through, in X's order: the request is logged (counted as received),
/// authenticated (401), then an armed fault may take over, then the rate limits (429, and the headers on
/// every answer), and only then the route itself. "Accept then drop" lets the route run and then cuts the
/// connection, so its effect (a created post) stays while the answer is lost.
/// </summary>
internal sealed class XApiPipelineFilter(XSimulatorState state, IHostApplicationLifetime lifetime, ILogger<XApiPipelineFilter> logger) : IEndpointFilter
{
    /// <summary>Per-request fault for hand testing: <c>x-sim-fault: timeout</c> (plus <c>x-sim-fault-status: 500</c> for server errors).</summary>
    public const string FaultHeader = "x-sim-fault";
    public const string FaultStatusHeader = "x-sim-fault-status";
    public const string AuthErrorHeader = "x-sim-auth-error";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint()?.Metadata.GetMetadata<SimEndpoint>()?.Key
                       ?? throw new InvalidOperationException("Every X API route needs SimEndpoint metadata.");
        var method = http.Request.Method;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target
            ? target
            : http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        var logged = state.Requests.Record(endpoint, method, rawTarget, state.Clock.GetUtcNow());
        await RecordBodyAsync(http.Request, logged);
        http.Response.OnCompleted(() =>
        {
            logged.Outcome ??= http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        var authError = state.Verifier.Verify(method, http.Request.Scheme, http.Request.Host.Value ?? "", rawTarget, http.Request.Headers.Authorization);
        if (authError is not null)
        {
            LogUnauthorized(logger, endpoint, authError);
            http.Response.Headers[AuthErrorHeader] = authError;
            return XErrors.Unauthorized();
        }

        FaultRule? fault;
        try
        {
            fault = FaultFromHeader(http.Request, endpoint) ?? state.Faults.Take(endpoint, HttpMethods.IsPost(method));
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        switch (fault?.Fault)
        {
            case SimFault.RateLimitStorm:
                var limit = state.LimitsFor(endpoint)[0];
                RateLimitHeaderWriter.Write(http.Response, [new(limit.Scope, limit.Limit, 0, fault.Until ?? state.Clock.GetUtcNow() + state.Options.StormDuration)]);
                return XErrors.TooManyRequests();
            case SimFault.ServerError:
                return XErrors.ServerError(fault.StatusCode);
            case SimFault.Duplicate:
                return XErrors.Duplicate();
            case SimFault.Timeout:
                await HangUntilTheClientGivesUpAsync(http);
                logged.Outcome = "timeout";
                return Results.Empty;
            case SimFault.PaymentRequired:
                return XErrors.PaymentRequired();
            case SimFault.ErrorsOnly:
                return XErrors.ErrorsOnly(http.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString() ?? "" : "");
        }

        if (XVocabulary.CheckQuery(endpoint, http.Request.Query) is { } invalid)
        {
            return invalid;
        }

        var decision = state.RateLimits.Take(endpoint, state.LimitsFor(endpoint));
        RateLimitHeaderWriter.Write(http.Response, decision.Windows);
        if (!decision.Allowed)
        {
            return XErrors.TooManyRequests();
        }
        if (fault?.Fault == SimFault.UsageCapped)
        {
            return XErrors.UsageCapped();
        }

        var result = await next(context);
        if (fault?.Fault == SimFault.AcceptThenDrop)
        {
            logged.Outcome = "dropped";
            http.Abort();
            return Results.Empty;
        }
        return result;
    }

    /// <summary>Keeps a request body as it arrived, with its framing, so tests can check what the client really sent.</summary>
    private static async Task RecordBodyAsync(HttpRequest request, SimRequest logged)
    {
        logged.ContentLength = request.ContentLength;
        logged.Chunked = request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);
        logged.ContentType = request.ContentType;
        if (request.ContentLength is null && !logged.Chunked)
        {
            return;
        }
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        logged.Body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
    }

    private async Task HangUntilTheClientGivesUpAsync(HttpContext http)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (or the stand-in is stopping): exactly what this fault waits for.
        }
    }

    private FaultRule? FaultFromHeader(HttpRequest request, string endpoint)
    {
        if (request.Headers[FaultHeader].FirstOrDefault() is not { Length: > 0 } name)
        {
            return null;
        }
        var fault = JsonSerializer.Deserialize<SimFault>($"\"{name.Trim()}\"");
        int? status = int.TryParse(request.Headers[FaultStatusHeader].FirstOrDefault(), out var parsed) ? parsed : null;
        return state.Faults.Describe(fault, endpoint, count: 1, statusCode: status);
    }

    private static void LogUnauthorized(ILogger logger, string endpoint, string reason) =>
        logger.LogWarning("401 for {Endpoint}: {Reason}", endpoint, reason);
}
