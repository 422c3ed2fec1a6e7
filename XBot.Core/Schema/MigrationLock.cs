using Npgsql;

namespace XBot.Core.Schema;

/// <summary>
/// A session-level PostgreSQL advisory lock around every journal-changing operation, so that two
/// migrators started at once (two replicas, a job and a person) take turns: the second waits, then
/// finds nothing pending. The lock is per database and ends with the session if a migrator dies.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    // Any constant works; this one spells "xbot sch" in ASCII, recognisable in pg_locks.
    internal const long Key = 0x78626f7420736368;

    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection, bool waited)
    {
        _connection = connection;
        Waited = waited;
    }

    /// <summary>True when another migrator held the lock and this one had to wait for it.</summary>
    public bool Waited { get; }

    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            attempt.Parameters.AddWithValue("key", Key);
            if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken))!)
            {
                return new MigrationLock(connection, waited: false);
            }
        }
        // No command timeout: the other migrator may legitimately take minutes; cancellation still ends the wait.
        await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
        wait.Parameters.AddWithValue("key", Key);
        await wait.ExecuteNonQueryAsync(cancellationToken);
        return new MigrationLock(connection, waited: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            return; // the session is gone, and the lock with it
        }
        await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
        release.Parameters.AddWithValue("key", Key);
        await release.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
