using XBot.Core.Posting.XApi;

namespace XBot.XSimulator.Simulation;

/// <summary>One limit an endpoint is subject to: its scope (which header set reports it), size and window length.</summary>
public sealed record SimLimit(XRateLimitScope Scope, int Limit, TimeSpan Window);

/// <summary>The outcome of counting a request: whether it is allowed, and the windows to report in headers.</summary>
public sealed record SimRateDecision(bool Allowed, IReadOnlyList<XRateLimitWindow> Windows);

/// <summary>
/// X-style fixed windows: a window opens with the first request and resets a fixed time later (on a whole
/// second, as the reset headers are Unix seconds). A request is allowed only if every limit of its endpoint
/// has room, and then counts against all of them.
/// </summary>
public sealed class SimRateLimiter(SimClock clock)
{
    private sealed record Window(int Limit, int Used, DateTimeOffset Reset);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Key, XRateLimitScope Scope), Window> _windows = [];

    public SimRateDecision Take(string key, IReadOnlyList<SimLimit> limits)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var current = limits.Select(limit => (limit, window: Current(key, limit, now))).ToList();
            var allowed = current.All(c => c.window.Used < c.window.Limit);
            if (allowed)
            {
                foreach (var (limit, window) in current)
                {
                    _windows[(key, limit.Scope)] = window with { Used = window.Used + 1 };
                }
            }
            var reported = limits
                .Select(limit =>
                {
                    var window = _windows[(key, limit.Scope)];
                    return new XRateLimitWindow(limit.Scope, window.Limit, Math.Max(0, window.Limit - window.Used), window.Reset);
                })
                .ToList();
            return new SimRateDecision(allowed, reported);
        }
    }

    public IReadOnlyList<XRateLimitStatus> Snapshot()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            return _windows.Where(w => w.Value.Reset > now)
                .Select(w => new XRateLimitStatus(w.Key.Key, w.Key.Scope, w.Value.Limit, Math.Max(0, w.Value.Limit - w.Value.Used), w.Value.Reset))
                .OrderBy(s => s.Endpoint, StringComparer.Ordinal).ThenBy(s => s.Scope)
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }

    private Window Current(string key, SimLimit limit, DateTimeOffset now)
    {
        if (_windows.TryGetValue((key, limit.Scope), out var window) && window.Reset > now)
        {
            return window;
        }
        var reset = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling((now + limit.Window).ToUnixTimeMilliseconds() / 1000.0));
        var fresh = new Window(limit.Limit, 0, reset);
        _windows[(key, limit.Scope)] = fresh;
        return fresh;
    }
}
