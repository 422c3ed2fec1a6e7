using Microsoft.Extensions.Logging;
using Npgsql;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Monitoring;

/// <summary>What a pass found as it goes: each condition's change, and the message of each bad one.</summary>
public sealed class PassFindings(AlertConditions conditions)
{
    public Dictionary<string, ConditionChange> Changes { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    /// <summary>Observes <paramref name="condition"/>: <paramref name="bad"/> while it is bad, null when it is fine.</summary>
    public async Task WatchAsync(string condition, ConditionAlert? bad, CancellationToken cancellationToken)
    {
        Changes[condition] = await conditions.ObserveAsync(condition, bad, cancellationToken);
        if (bad is not null)
        {
            Problems.Add(bad.Message);
        }
    }

    /// <summary>A store read that may fail because the store is down: null then (the pass reports it as unknown).</summary>
    public static async Task<T?> TryReadAsync<T>(Func<Task<T?>> read, ILogger logger) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or RedisUnavailableException or StackExchange.Redis.RedisException)
        {
            logger.LogDebug(ex, "A monitor read failed");
            return null;
        }
    }
}
