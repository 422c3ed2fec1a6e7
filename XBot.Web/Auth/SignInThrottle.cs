using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace XBot.Web.Auth;

/// <summary>
/// Throttles failed sign-ins per client address: after <see cref="SignInThrottleOptions.MaxFailures"/> failures within
/// <see cref="SignInThrottleOptions.Window"/>, that address may not try again until the oldest failure leaves the window.
/// A success clears the address. Kept in memory: a restart forgets it, which only gives a guesser a few more tries.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider time)
{
    // Bounds memory when many addresses fail: the oldest entries are dropped first.
    private const int MaxTrackedClients = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="client"/> must wait before trying again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_failures.TryGetValue(client, out var failures))
        {
            return null;
        }
        lock (failures)
        {
            var now = time.GetUtcNow();
            Expire(failures, now);
            return failures.Count >= options.Value.MaxFailures ? failures.Peek() + options.Value.Window - now : null;
        }
    }

    public void RecordFailure(string client)
    {
        if (_failures.Count >= MaxTrackedClients)
        {
            foreach (var stale in _failures.Keys.Take(MaxTrackedClients / 10))
            {
                _failures.TryRemove(stale, out _);
            }
        }
        var failures = _failures.GetOrAdd(client, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            var now = time.GetUtcNow();
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    public void RecordSuccess(string client) => _failures.TryRemove(client, out _);

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + options.Value.Window <= now)
        {
            failures.Dequeue();
        }
    }
}
