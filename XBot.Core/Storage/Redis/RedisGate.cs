using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;
using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;

namespace XBot.Core.Storage.Redis;

/// <summary>
/// Every Redis call of the dual store goes through here: routed by the switches and the mode, bounded
/// by a short timeout, and counted by a Polly circuit breaker whose opening switches the store to
/// fallback. A failed call never throws to the caller of a store operation; it reports "not done" and
/// the caller asks PostgreSQL.
/// </summary>
public sealed class RedisGate
{
    private readonly IServiceProvider _services;
    private readonly XBotOptions _options;
    private readonly FallbackController _fallback;
    private readonly StoreFlags _flags;
    private readonly ILogger<RedisGate> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerManualControl _breakerControl = new();
    private readonly Lazy<Task<IConnectionMultiplexer?>> _connection;

    public RedisGate(IServiceProvider services, XBotOptions options, IOptions<DualStoreOptions> storeOptions, FallbackController fallback, StoreFlags flags, ILogger<RedisGate> logger)
    {
        _services = services;
        _options = options;
        _fallback = fallback;
        _flags = flags;
        _logger = logger;
        Keys = new RedisKeys(options.RedisPrefix);
        // The client connects synchronously when first resolved (about 1.4 s here, up to its connect timeout when
        // Redis is down), so it is resolved off the caller's thread: start-up never waits for it, and a call made
        // while it connects is "not connected yet", served from PostgreSQL without counting as a Redis failure.
        _connection = new Lazy<Task<IConnectionMultiplexer?>>(() => Task.Run(() =>
        {
            var multiplexer = options.UseRedis ? _services.GetService<IConnectionMultiplexer>() : null;
            if (multiplexer is not null)
            {
                multiplexer.ConnectionRestored += (_, _) => ConnectionRestored?.Invoke();
            }
            return multiplexer;
        }));
        var tuning = storeOptions.Value;

        _pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = tuning.BreakerMinimumThroughput,
                SamplingDuration = tuning.BreakerSamplingDuration,
                // Recovery is the monitor's decision (after a rebuild), so the circuit only has to stay open
                // long enough not to hammer a dead server between probes.
                BreakDuration = tuning.ProbeInterval < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : tuning.ProbeInterval,
                ManualControl = _breakerControl,
                ShouldHandle = new PredicateBuilder()
                    .Handle<RedisException>()
                    .Handle<RedisUnavailableException>()
                    .Handle<TimeoutException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<ObjectDisposedException>(),
                OnOpened = args =>
                {
                    _fallback.ReportRedisFailure(Describe(args.Outcome.Exception));
                    return default;
                },
            })
            .AddTimeout(tuning.RedisTimeout)
            .Build();
    }

    public RedisKeys Keys { get; }

    /// <summary>Whether <paramref name="feature"/> is served by Redis now (switches, routing flags and mode).</summary>
    public bool Serves(StoreFeature feature) => FeatureRouting.UsesRedis(feature, _flags.Current, _fallback.Status.Mode);

    /// <summary>The routing switches in force now: the environment's ANDed with the routing feature flags.</summary>
    public StoreRouting Routing => _flags.Current;

    /// <summary>Reads the manual fallback switch and the routing flags once per process, before the first routed call.</summary>
    public async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        await _fallback.EnsureInitializedAsync(cancellationToken);
        await _flags.EnsureLoadedAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="operation"/> if Redis serves <paramref name="feature"/>; false when it does not or the call failed.</summary>
    public async Task<RedisAttempt<T>> TryAsync<T>(StoreFeature feature, Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return Serves(feature) ? await TryDirectAsync(operation, cancellationToken) : RedisAttempt<T>.NotDone;
    }

    /// <summary>Runs <paramref name="operation"/> whatever the mode (rebuilds, probes, maintenance), still through the breaker.</summary>
    public async Task<RedisAttempt<T>> TryDirectAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_options.UseRedis)
        {
            return RedisAttempt<T>.NotDone;
        }
        if (IsConnecting)
        {
            return new RedisAttempt<T>(false, default, new RedisUnavailableException("Redis is still connecting."));
        }
        try
        {
            var value = await _pipeline.ExecuteAsync(
                async token => await operation(Database()).WaitAsync(token),
                cancellationToken);
            return new RedisAttempt<T>(true, value, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "Redis call failed");
            return new RedisAttempt<T>(false, default, ex);
        }
    }

    /// <summary>Runs <paramref name="operation"/> or throws <see cref="RedisUnavailableException"/> (commands that need Redis).</summary>
    public async Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_options.UseRedis)
        {
            throw new RedisUnavailableException("Redis is switched off (USE_REDIS=false).");
        }
        await WaitUntilConnectedAsync(cancellationToken);
        var attempt = await TryDirectAsync(operation, cancellationToken);
        return attempt.Done ? attempt.Value! : throw new RedisUnavailableException($"Redis is unavailable: {Describe(attempt.Error)}", attempt.Error);
    }

    /// <summary>PINGs Redis through the breaker; the round trip, or null when Redis does not answer.</summary>
    public async Task<TimeSpan?> PingAsync(CancellationToken cancellationToken)
    {
        await WaitUntilConnectedAsync(cancellationToken);
        var attempt = await TryDirectAsync(db => db.PingAsync(), cancellationToken);
        return attempt.Done ? attempt.Value : null;
    }

    /// <summary>The subscriber for pub/sub, or null when Redis is off or not connected.</summary>
    public ISubscriber? Subscriber => _options.UseRedis && Multiplexer() is { IsConnected: true } m ? m.GetSubscriber() : null;

    public bool IsConnected => _options.UseRedis && Multiplexer() is { IsConnected: true };

    /// <summary>Every server endpoint, for SCAN and INFO.</summary>
    public IServer Server() => Multiplexer() is { } m
        ? m.GetServer(m.GetEndPoints().First())
        : throw NotAvailable();

    public int DatabaseNumber => Database().Database;

    /// <summary>Closes the circuit after a successful recovery, so old failures do not count against the recovered server.</summary>
    public Task ResetBreakerAsync() => _breakerControl.CloseAsync();

    public event Action? ConnectionRestored;

    private IDatabase Database()
    {
        var multiplexer = Multiplexer() ?? throw NotAvailable();
        // Fail at once rather than queue in the client's backlog: a queued command could run after we have
        // already answered from PostgreSQL.
        return multiplexer.IsConnected ? multiplexer.GetDatabase() : throw new RedisUnavailableException("Redis is not connected.");
    }

    /// <summary>Starts connecting in the background; the first Redis call would otherwise.</summary>
    public void StartConnecting() => _ = _connection.Value;

    /// <summary>The client is still making its first connection: not an outage.</summary>
    public bool IsConnecting => _options.UseRedis && !_connection.Value.IsCompleted;

    /// <summary>Waits for the first connection attempt to end (connected or not); bounded by the client's connect timeout.</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        if (_options.UseRedis)
        {
            await _connection.Value.WaitAsync(cancellationToken);
        }
    }

    private RedisUnavailableException NotAvailable() => IsConnecting
        ? new RedisUnavailableException("Redis is still connecting.")
        : new RedisUnavailableException("Redis is not configured (ConnectionStrings:cache).");

    private IConnectionMultiplexer? Multiplexer() =>
        _connection.Value is { IsCompleted: true } task ? task.GetAwaiter().GetResult() : null;

    internal static string Describe(Exception? ex) => ex switch
    {
        null => "unknown error",
        BrokenCircuitException => "the Redis circuit is open",
        TimeoutRejectedException => "Redis did not answer in time",
        _ => ex.Message.ReplaceLineEndings(" "),
    };
}

/// <summary>The outcome of a Redis call: done with a value, or not done (switched off, fallback, or failed).</summary>
public readonly record struct RedisAttempt<T>(bool Done, T? Value, Exception? Error)
{
    public static RedisAttempt<T> NotDone => new(false, default, null);
}
