using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Configuration;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// The fallback state machine of one process (docs/data-layer.md draws it). It only changes state and
/// reports; probing Redis and rebuilding it are <see cref="RedisMonitorService"/>'s and
/// <see cref="RedisRecovery"/>'s job, woken through <see cref="WaitForWorkAsync"/>.
/// </summary>
public sealed class FallbackController
{
    public const string Component = "dual-store";

    private readonly Lock _lock = new();
    private bool _warmSeen;
    private readonly XBotOptions _options;
    private readonly TimeProvider _time;
    private readonly IAlertSink _alerts;
    private readonly AuditLog _audit;
    private readonly ManualFallbackSwitch _manualSwitch;
    private readonly ILogger<FallbackController> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private StoreStatus _status;
    private OperationPhase _phase = new();
    private bool _outageAlerted;
    private int _manualLoaded;

    public FallbackController(XBotOptions options, TimeProvider time, IAlertSink alerts, AuditLog audit, ManualFallbackSwitch manualSwitch, ILogger<FallbackController> logger)
    {
        _options = options;
        _time = time;
        _alerts = alerts;
        _audit = audit;
        _manualSwitch = manualSwitch;
        _logger = logger;
        var (mode, reason) = FeatureRouting.Initial(options);
        _status = new StoreStatus(mode, reason, time.GetUtcNow(),
            reason switch
            {
                FallbackReason.RedisDisabled => "USE_REDIS=false",
                FallbackReason.Environment => "REDIS_FALLBACK_MODE=true",
                _ => null,
            });
    }

    public StoreStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>The last manual switch state this process has seen.</summary>
    public ManualFallbackState ManualState { get; private set; } = ManualFallbackState.Off;

    /// <summary>Pinned by the environment: the mode never changes in this process.</summary>
    public bool IsPinned => _options.UseRedis is false || _options.RedisFallbackMode;

    /// <summary>Reads the manual switch once per process before the first operation, so a fresh process obeys it.</summary>
    public async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _manualLoaded) == 1 || IsPinned)
        {
            return;
        }
        try
        {
            ApplyManualState(await _manualSwitch.ReadAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // PostgreSQL is down: nothing can be read; the monitor reads the switch again on its next round.
            _logger.LogDebug(ex, "Could not read the manual fallback switch");
        }
        Volatile.Write(ref _manualLoaded, 1);
    }

    /// <summary>Redis calls failed (the circuit opened): switch to fallback and raise a WARNING alert, once per outage.</summary>
    public void ReportRedisFailure(string detail)
    {
        bool alert;
        lock (_lock)
        {
            if (IsPinned || _status.Reason is FallbackReason.Manual || (_status.Mode == StoreMode.Fallback && _status.Reason == FallbackReason.RedisFailure))
            {
                return;
            }
            _status = new StoreStatus(StoreMode.Fallback, FallbackReason.RedisFailure, _time.GetUtcNow(), detail);
            alert = !_outageAlerted;
            _outageAlerted = true;
        }
        _logger.LogWarning("Redis failed ({Detail}); serving rate limits, dedup and config from PostgreSQL", detail);
        if (alert)
        {
            _ = RaiseAsync(new Alert(AuditSeverity.Warning, "FALLBACK_ACTIVATED", Component,
                $"Redis failed; the dual store switched to PostgreSQL fallback: {detail}",
                new JsonObject { ["reason"] = "redis_failure", ["detail"] = detail }));
        }
        Wake();
    }

    /// <summary>Redis answers but has lost its data: serve from PostgreSQL until it is rebuilt.</summary>
    /// <summary>The monitor found Redis warm: a later cold Redis means lost data.</summary>
    public void ReportWarm() => Volatile.Write(ref _warmSeen, true);

    public void ReportCold()
    {
        lock (_lock)
        {
            if (_status.Mode != StoreMode.Normal)
            {
                return;
            }
            _status = new StoreStatus(StoreMode.Recovering, FallbackReason.RedisCold, _time.GetUtcNow(), "Redis has no warm marker (restarted or evicted); rebuilding from PostgreSQL");
        }
        // A Redis that this process has never seen warm is simply new (it keeps no data across restarts): filling it
        // is routine. Losing data this process had seen is the thing to warn about.
        if (Volatile.Read(ref _warmSeen))
        {
            _logger.LogWarning("Redis lost its data; rebuilding it from PostgreSQL and serving from PostgreSQL meanwhile");
        }
        else
        {
            _logger.LogInformation("Redis holds no data yet; building it from PostgreSQL and serving from PostgreSQL meanwhile");
        }
        Wake();
    }

    /// <summary>
    /// A routing feature flag was switched on (<see cref="StoreFlags"/>): Redis missed what PostgreSQL served
    /// meanwhile, so serve from PostgreSQL until the monitor has rebuilt it. Only from normal mode: fallback and
    /// recovery rebuild anyway.
    /// </summary>
    public void RequestRewarm(string detail)
    {
        lock (_lock)
        {
            if (_status.Mode != StoreMode.Normal)
            {
                return;
            }
            _status = new StoreStatus(StoreMode.Recovering, FallbackReason.FeatureSwitchedOn, _time.GetUtcNow(), detail);
        }
        _logger.LogInformation("{Detail}", detail);
        Wake();
    }

    /// <summary>Follows the persisted manual switch: on forces fallback, off starts recovery.</summary>
    public void ApplyManualState(ManualFallbackState state)
    {
        ManualState = state;
        if (IsPinned)
        {
            return;
        }
        lock (_lock)
        {
            if (state.Enabled && _status.Reason != FallbackReason.Manual)
            {
                _status = new StoreStatus(StoreMode.Fallback, FallbackReason.Manual, _time.GetUtcNow(), $"fallback enabled by {state.Actor}{(state.Reason is null ? "" : $": {state.Reason}")}");
                _logger.LogWarning("Manual fallback is on ({Detail}); Redis is not used", _status.Detail);
            }
            else if (!state.Enabled && _status.Reason == FallbackReason.Manual)
            {
                _status = new StoreStatus(StoreMode.Recovering, FallbackReason.Manual, _time.GetUtcNow(), "manual fallback lifted; rebuilding Redis from PostgreSQL");
                _logger.LogInformation("Manual fallback is off; rebuilding Redis before using it again");
            }
            else
            {
                return;
            }
        }
        Wake();
    }

    /// <summary>Whether Redis should be rebuilt and tried again now; moves an outage's fallback to <see cref="StoreMode.Recovering"/>.</summary>
    public bool BeginRecovery()
    {
        lock (_lock)
        {
            if (_status.Mode == StoreMode.Recovering)
            {
                return true;
            }
            if (_status is { Mode: StoreMode.Fallback, Reason: FallbackReason.RedisFailure })
            {
                _status = _status with { Mode = StoreMode.Recovering, Since = _time.GetUtcNow(), Detail = "Redis answers again; rebuilding it from PostgreSQL" };
                return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Marks a store operation in flight until disposed. Recovery waits for the operations that began before
    /// the switch to normal (and so may still be writing to PostgreSQL only) before its catch-up rebuild.
    /// </summary>
    public OperationTicket TrackOperation()
    {
        lock (_lock)
        {
            _phase.Count++;
            return new OperationTicket(this, _phase);
        }
    }

    /// <summary>
    /// Redis is rebuilt: back to normal, audited. Returns a task that completes when every operation that
    /// started before the switch has finished.
    /// </summary>
    public async Task<Task> CompleteRecoveryAsync(JsonObject rebuilt, CancellationToken cancellationToken)
    {
        StoreStatus previous;
        bool wasOutage;
        OperationPhase before;
        lock (_lock)
        {
            if (_status.Mode != StoreMode.Recovering)
            {
                return Task.CompletedTask;
            }
            previous = _status;
            wasOutage = _outageAlerted;
            _outageAlerted = false;
            _status = new StoreStatus(StoreMode.Normal, FallbackReason.None, _time.GetUtcNow());
            before = _phase;
            before.Closed = true;
            _phase = new OperationPhase();
            if (before.Count == 0)
            {
                before.Drained.TrySetResult();
            }
        }
        _logger.LogInformation("Redis is back and rebuilt; the dual store is in normal mode again");
        var eventType = wasOutage || previous.Reason == FallbackReason.Manual ? "FALLBACK_DEACTIVATED" : "REDIS_REWARMED";
        try
        {
            await _audit.WriteAsync(new AuditEvent(eventType, Component, AuditSeverity.Info, new JsonObject
            {
                ["reason"] = previous.Reason.ToString(),
                ["since"] = previous.Since,
                ["rebuilt"] = rebuilt,
            }), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not write {EventType} to audit_log", eventType);
        }
        return before.Drained.Task;
    }

    private void Leave(OperationPhase phase)
    {
        lock (_lock)
        {
            if (--phase.Count == 0 && phase.Closed)
            {
                phase.Drained.TrySetResult();
            }
        }
    }

    private sealed class OperationPhase
    {
        public int Count;
        public bool Closed;
        public readonly TaskCompletionSource Drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An operation in flight; dispose when it is done.</summary>
    public readonly struct OperationTicket : IDisposable
    {
        private readonly FallbackController? _owner;
        private readonly OperationPhase? _phase;

        internal OperationTicket(FallbackController owner, object phase)
        {
            _owner = owner;
            _phase = (OperationPhase)phase;
        }

        public void Dispose() => _owner?.Leave(_phase!);
    }

    /// <summary>The rebuild failed because Redis failed again: back to fallback (no second alert for the same outage).</summary>
    public void FailRecovery(string detail)
    {
        lock (_lock)
        {
            if (_status.Mode != StoreMode.Recovering)
            {
                return;
            }
        }
        ReportRedisFailure(detail);
        lock (_lock)
        {
            // From Recovering(Manual or RedisCold) ReportRedisFailure may not have switched; make sure it did.
            if (_status.Mode == StoreMode.Recovering)
            {
                _status = new StoreStatus(StoreMode.Fallback, FallbackReason.RedisFailure, _time.GetUtcNow(), detail);
            }
        }
    }

    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _wake.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task RaiseAsync(Alert alert)
    {
        try
        {
            await _alerts.RaiseAsync(alert);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Could not raise alert {EventType}", alert.EventType);
        }
    }
}
