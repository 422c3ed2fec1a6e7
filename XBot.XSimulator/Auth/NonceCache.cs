using System.Collections.Concurrent;

namespace XBot.XSimulator.Auth;

/// <summary>
/// Nonces seen within the timestamp tolerance (RFC 5849 §3.3): a request that repeats one is a replay.
/// Older entries are dropped, since a request that old fails the timestamp check anyway.
/// </summary>
public sealed class NonceCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time (key, timestamp, nonce) is seen; false for a replay.</summary>
    public bool TryUse(string consumerKey, string token, string timestamp, string nonce, DateTimeOffset now, TimeSpan keep)
    {
        if (_seen.Count > 1024)
        {
            foreach (var (key, seenAt) in _seen)
            {
                if (now - seenAt > keep)
                {
                    _seen.TryRemove(key, out _);
                }
            }
        }
        return _seen.TryAdd(string.Join('\n', consumerKey, token, timestamp, nonce), now);
    }

    public void Clear() => _seen.Clear();
}
