using XBot.Core.Time;

namespace XBot.Worker.Services;

/// <summary>
/// What the scheduling loop last did, shared between the loop and the health checks: when a cycle last
/// completed (the heartbeat: any outcome, failure included) and how many failed in a row. Times are physical
/// (<see cref="TimeProviderExtensions.Physical"/>): liveness asks whether real work is stuck, even under a simulated clock.
/// </summary>
public sealed class CycleTracker(TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private string? _lastError;

    /// <summary>When this process began waiting for cycles: the reference until the first one completes.</summary>
    public DateTimeOffset StartedAt { get; } = time.Physical().GetUtcNow();

    private DateTimeOffset? _lastCompleted;

    /// <summary>When the last cycle ended, whatever its outcome; null before the first.</summary>
    public DateTimeOffset? LastCompleted
    {
        get
        {
            lock (_lock)
            {
                return _lastCompleted;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_lock)
            {
                return _consecutiveFailures;
            }
        }
    }

    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    public void Succeeded(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastCompleted = at;
            _consecutiveFailures = 0;
            _lastError = null;
        }
    }

    /// <summary>Counts a failed cycle; returns the length of the current run of failures.</summary>
    public int Failed(DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            _lastCompleted = at;
            _lastError = error;
            return ++_consecutiveFailures;
        }
    }
}
