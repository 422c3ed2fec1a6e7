using Npgsql;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Operations;

/// <summary>
/// Gathers the one-liner's figures from PostgreSQL (queue, bandits, posts: the source of truth) and a Redis
/// PING, each bounded by <see cref="Timeout"/> so that a hung store reads as down rather than hanging the caller.
/// </summary>
public sealed class HealthProbe(NpgsqlDataSource dataSource, RedisGate redis, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private const string FiguresSql = """
        SELECT
          (SELECT count(*) FROM tweets WHERE status IN ('queued', 'picked', 'awaiting_approval', 'approved')),
          (SELECT max(posted_at) FROM tweets WHERE status IN ('posted', 'shadowed')),
          (SELECT count(*) FROM tweets WHERE status IN ('posted', 'shadowed') AND posted_at > @since)
        """;

    public async Task<HealthFigures> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var redisTask = PingAsync(cancellationToken);
        (bool Ok, long Queue, DateTimeOffset? Last, long PostsHour, long Bandits) db = (false, 0, null, 0, 0);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            await using var command = dataSource.CreateCommand(FiguresSql);
            command.Parameters.AddWithValue("since", now.AddHours(-1));
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var queue = reader.GetInt64(0);
            DateTimeOffset? last = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            var postsHour = reader.GetInt64(2);
            await reader.DisposeAsync();
            db = (true, queue, last, postsHour, await BanditsAsync(timeout.Token));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Reported as DB:❌.
        }
        return new HealthFigures(now, await redisTask, db.Ok, db.Queue, db.Bandits, db.Last, db.PostsHour);
    }

    // The learning engine's table, once it exists; counted only then so the line works before and after.
    private async Task<long> BanditsAsync(CancellationToken cancellationToken)
    {
        await using var exists = dataSource.CreateCommand("SELECT to_regclass('bandit_arms') IS NOT NULL");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return 0;
        }
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM bandit_arms");
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            return await redis.PingAsync(timeout.Token).WaitAsync(timeout.Token) is not null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
