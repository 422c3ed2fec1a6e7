namespace XBot.Core.Posting.XApi;

/// <summary>
/// What XBot knows about X's rate limits, per endpoint, so that it never sends a request it knows would
/// get a 429. Every response's headers update it; before each request <see cref="TryReserve"/> either
/// reserves one request in every known window or says until when the endpoint is exhausted.
/// Thread-safe; one instance per process. <see cref="XRateLimitPersistence"/> keeps it in Redis (and
/// PostgreSQL) so that a restarted or second process knows the resets this one learned.
/// </summary>
public sealed class XRateLimitState(TimeProvider timeProvider)
{
    /// <summary>How long to hold off after a 429 that names no exhausted window and has no Retry-After.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Endpoint, XRateLimitScope Scope), XRateLimitWindow> _windows = [];

    /// <summary>
    /// Null when a request to <paramref name="endpoint"/> may be sent (one request is then counted against
    /// each known window, so that concurrent callers can't overshoot); otherwise the time until which it
    /// is known to be exhausted, and nothing is reserved.
    /// </summary>
    public DateTimeOffset? TryReserve(string endpoint)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var current = Current(endpoint, now);
            var exhausted = current.Where(w => w.Remaining <= 0).Select(w => w.Reset).DefaultIfEmpty().Max();
            if (exhausted > now)
            {
                return exhausted;
            }
            foreach (var window in current)
            {
                _windows[(endpoint, window.Scope)] = window with { Remaining = window.Remaining - 1 };
            }
            return null;
        }
    }

    /// <summary>Takes in the windows a response reported. A newer window replaces an older one; for the same window the lower remaining count wins.</summary>
    public void Record(string endpoint, IEnumerable<XRateLimitWindow> windows)
    {
        lock (_gate)
        {
            foreach (var window in windows)
            {
                var key = (endpoint, window.Scope);
                if (!_windows.TryGetValue(key, out var known) || window.Reset > known.Reset)
                {
                    _windows[key] = window;
                }
                else if (window.Reset == known.Reset && window.Remaining < known.Remaining)
                {
                    _windows[key] = known with { Remaining = window.Remaining, Limit = window.Limit ?? known.Limit };
                }
            }
        }
    }

    /// <summary>
    /// A 429: records its windows and returns until when the endpoint must not be called. When the headers
    /// name no window that is exhausted and still in the future, it holds off for Retry-After, or
    /// <see cref="DefaultBackoff"/>.
    /// </summary>
    public DateTimeOffset RecordTooManyRequests(string endpoint, IReadOnlyList<XRateLimitWindow> windows, TimeSpan? retryAfter)
    {
        var now = timeProvider.GetUtcNow();
        Record(endpoint, windows);
        var until = windows.Where(w => w.Remaining <= 0).Select(w => w.Reset).DefaultIfEmpty().Max();
        if (until <= now)
        {
            until = now + (retryAfter is { } delay && delay > TimeSpan.Zero ? delay : DefaultBackoff);
        }
        // The hold is recorded on its own, whatever the windows say: an exhausted window that resets
        // earlier than one already known would otherwise be dropped by Record, and the gate stay open.
        Record(endpoint, [new XRateLimitWindow(XRateLimitScope.Throttled, null, 0, until)]);
        return until;
    }

    /// <summary>The windows of <paramref name="endpoint"/> still in force, to persist them.</summary>
    public IReadOnlyList<XRateLimitWindow> WindowsOf(string endpoint)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            return Current(endpoint, now);
        }
    }

    /// <summary>Every window still in force, for monitoring.</summary>
    public IReadOnlyList<XRateLimitStatus> Snapshot()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            return _windows
                .Where(w => w.Value.Reset > now)
                .Select(w => new XRateLimitStatus(w.Key.Endpoint, w.Key.Scope, w.Value.Limit, w.Value.Remaining, w.Value.Reset))
                .OrderBy(s => s.Endpoint, StringComparer.Ordinal).ThenBy(s => s.Scope)
                .ToList();
        }
    }

    private List<XRateLimitWindow> Current(string endpoint, DateTimeOffset now)
    {
        var current = new List<XRateLimitWindow>();
        foreach (var scope in Enum.GetValues<XRateLimitScope>())
        {
            if (_windows.TryGetValue((endpoint, scope), out var window))
            {
                if (window.Reset > now)
                {
                    current.Add(window);
                }
                else
                {
                    // A window that has reset says nothing any more; the next response brings the new one.
                    _windows.Remove((endpoint, scope));
                }
            }
        }
        return current;
    }
}
