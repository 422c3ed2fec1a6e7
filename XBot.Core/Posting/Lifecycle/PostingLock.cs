using Npgsql;

namespace XBot.Core.Posting.Lifecycle;

/// <summary>
/// Only one worker replica posts at a time: a PostgreSQL session advisory lock held for the whole
/// posting cycle. If the holder dies, its connection closes and PostgreSQL releases the lock, so a
/// crash can never leave the bot unable to post.
/// </summary>
public sealed class PostingLock : IAsyncDisposable
{
    /// <summary>Arbitrary but fixed: "XBOTPOST" as ASCII.</summary>
    private const long LockKey = 0x58424F54504F5354;

    private readonly NpgsqlConnection _connection;

    private PostingLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The lock, or null when another worker holds it now.</summary>
    public static async Task<PostingLock?> TryAcquireAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new PostingLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone; PostgreSQL released the lock with the session.
        }
        await _connection.DisposeAsync();
    }
}
