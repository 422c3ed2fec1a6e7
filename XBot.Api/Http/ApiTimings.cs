using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using XBot.Core.Monitoring;
using XBot.Core.Time;

namespace XBot.Api.Http;

/// <summary>
/// Times every <c>/api</c> request for the API p95 SLO (runbooks.md §10: under 500 ms). The timings are
/// kept in memory and written by <see cref="ApiTimingsWriter"/> as one <c>system_health</c> row (component
/// <c>api</c>) per interval, which the SLO calculator reads. At most <see cref="MaxSamples"/> timings are
/// kept per interval (the first ones); the request and error counts are exact.
/// </summary>
public sealed class ApiTimings(TimeProvider time)
{
    public const int MaxSamples = 5_000;

    private readonly Lock _lock = new();
    private List<double> _durations = [];
    private long _requests;
    private long _errors;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next();
            return;
        }
        var started = time.GetTimestamp();
        var failed = true;
        try
        {
            await next();
            failed = context.Response.StatusCode >= 500;
        }
        finally
        {
            var ms = time.GetElapsedTime(started).TotalMilliseconds;
            lock (_lock)
            {
                _requests++;
                _errors += failed ? 1 : 0;
                if (_durations.Count < MaxSamples)
                {
                    _durations.Add(Math.Round(ms, 3));
                }
            }
        }
    }

    /// <summary>What was recorded since the last call, and a fresh start.</summary>
    public (long Requests, long Errors, IReadOnlyList<double> Durations) Drain()
    {
        lock (_lock)
        {
            var drained = (_requests, _errors, (IReadOnlyList<double>)_durations);
            _durations = [];
            _requests = 0;
            _errors = 0;
            return drained;
        }
    }
}

/// <summary>Writes <see cref="ApiTimings"/> to <c>system_health</c> every <see cref="MonitorOptions.PerformanceInterval"/>, and once more on shutdown.</summary>
public sealed partial class ApiTimingsWriter(ApiTimings timings, SystemHealthLog healthLog, IOptions<MonitorOptions> options, TimeProvider time, ILogger<ApiTimingsWriter> logger) : BackgroundService
{
    public const string Component = "api";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Physical cadence: it flushes real request timings, and under a simulated clock a simulated minute is far too often.
        using var timer = new PeriodicTimer(options.Value.PerformanceInterval, time.Physical());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var (requests, errors, durations) = timings.Drain();
        if (requests == 0)
        {
            return;
        }
        try
        {
            await healthLog.WriteAsync(time.GetUtcNow(), Component, errors > 0 ? "errors" : "ok", new JsonObject
            {
                ["requests"] = requests,
                ["errors"] = errors,
                ["durations_ms"] = new JsonArray([.. durations.Select(d => (JsonNode?)d)]),
            }, null, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogNotWritten(logger, requests, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The timings of {Requests} api requests could not be written to system_health: {Error}")]
    private static partial void LogNotWritten(ILogger logger, long requests, string error);
}
