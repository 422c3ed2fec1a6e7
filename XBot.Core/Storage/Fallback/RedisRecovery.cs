using Microsoft.Extensions.Logging;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// Brings Redis back into use: rebuild from PostgreSQL while PostgreSQL still serves, switch to normal,
/// then rebuild once more to pick up what PostgreSQL admitted during the first pass (the rebuild merges,
/// so repeating it is harmless). One recovery at a time per process.
/// </summary>
public sealed class RedisRecovery(FallbackController fallback, RedisRebuilder rebuilder, RedisGate redis, ILogger<RedisRecovery> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private bool _failing;

    public async Task<bool> TryRecoverAsync(CancellationToken cancellationToken)
    {
        if (!await _running.WaitAsync(0, cancellationToken))
        {
            return false;
        }
        try
        {
            if (!fallback.BeginRecovery())
            {
                return false;
            }
            Task earlierOperations;
            try
            {
                var report = await rebuilder.RebuildAsync(cancellationToken);
                await redis.ResetBreakerAsync();
                earlierOperations = await fallback.CompleteRecoveryAsync(report.ToJson(), cancellationToken);
                _failing = false;
            }
            catch (RedisUnavailableException ex)
            {
                fallback.FailRecovery(ex.Message);
                return false;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // PostgreSQL failed: stay in Recovering (served by PostgreSQL, or failing closed) and try again later.
                if (!_failing)
                {
                    logger.LogWarning(ex, "Rebuilding Redis from PostgreSQL failed; PostgreSQL serves meanwhile, retrying");
                }
                _failing = true;
                return false;
            }

            try
            {
                // Operations that chose PostgreSQL before the switch may still be committing; wait for them.
                await earlierOperations.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                await rebuilder.RebuildAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The catch-up rebuild after recovery failed; the consistency audit will show and repair any gap");
            }
            return true;
        }
        finally
        {
            _running.Release();
        }
    }
}
