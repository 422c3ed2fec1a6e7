using Npgsql;
using XBot.Core.Storage;

namespace XBot.Core.Operations;

/// <summary>The figures of <c>GET /api/metrics</c> and <c>metrics</c>: rows per lifecycle status, recent posts, and the store's mode.</summary>
public sealed record MetricsReport(DateTimeOffset At, IReadOnlyDictionary<string, long> TweetsByStatus, long PostsLastHour, long PostsLast24Hours, string StoreMode);

/// <summary>Counts from PostgreSQL, the source of truth, so the api and the CLI show the same figures.</summary>
public sealed class MetricsReader(NpgsqlDataSource dataSource, IDualStore store, TimeProvider time)
{
    public async Task<MetricsReport> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand("SELECT status, count(*) FROM tweets GROUP BY status"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byStatus[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        await using var posts = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE posted_at > @hour), count(*) FILTER (WHERE posted_at > @day)
            FROM tweets WHERE status IN ('posted', 'shadowed')
            """);
        posts.Parameters.AddWithValue("hour", now.AddHours(-1));
        posts.Parameters.AddWithValue("day", now.AddDays(-1));
        await using var postsReader = await posts.ExecuteReaderAsync(cancellationToken);
        await postsReader.ReadAsync(cancellationToken);
        return new MetricsReport(now, byStatus, postsReader.GetInt64(0), postsReader.GetInt64(1), store.Status.Mode.ToString());
    }
}
