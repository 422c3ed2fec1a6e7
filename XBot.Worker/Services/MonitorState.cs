using XBot.Core.Monitoring;

namespace XBot.Worker.Services;

/// <summary>What the monitor loop last saw: the gate, how many rounds it made, and when each pass last ran.</summary>
public sealed class MonitorState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);
    private long _rounds;

    public MonitorGateState Gate { get; private set; } = new(false, "not started");

    /// <summary>Rounds of the loop (one per <see cref="MonitorOptions.GateInterval"/>), whether the gate was open or not.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    public DateTimeOffset? LastRun(string pass)
    {
        lock (_lock)
        {
            return _lastRun.TryGetValue(pass, out var at) ? at : null;
        }
    }

    internal void Round(MonitorGateState gate)
    {
        Gate = gate;
        Interlocked.Increment(ref _rounds);
    }

    internal void Ran(string pass, DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastRun[pass] = at;
        }
    }
}
