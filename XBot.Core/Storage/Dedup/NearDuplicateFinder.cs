using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Core.Storage.Dedup;

/// <summary>An earlier live post that a text resembles, and how much (Jaccard of word shingles).</summary>
public sealed record NearDuplicate(long RowId, string TweetId, string Content, double Similarity);

/// <summary>
/// Finds the live post of the last 7 days (queued, posted, anything not dead) most like a text, by word
/// shingles and Jaccard similarity. PostgreSQL answers which posts are in the window; each post's shingles
/// are computed once and kept in memory while it stays there (texts never change), so a check costs one
/// small query plus set comparisons.
/// </summary>
public sealed class NearDuplicateFinder(NpgsqlDataSource dataSource, IOptions<DedupOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<long, (string Content, Shingles Shingles)> _cache = [];

    public DedupOptions Options => options.Value;

    /// <summary>
    /// The most similar live post at or above the threshold; null when none. A text with a row of its own
    /// (<paramref name="excludeTweetId"/>: a candidate being picked) is compared with everything but the queue:
    /// its queued siblings are compared with it when their turn comes, once it is posted, so one of a group of
    /// similar candidates is posted and the rest are refused, rather than each refusing the others.
    /// </summary>
    public async Task<NearDuplicate?> FindAsync(string content, string? excludeTweetId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var shingles = Shingles.Of(content, settings.ShingleSize);
        if (shingles.Count == 0)
        {
            return null;
        }

        var window = await WindowAsync(cancellationToken);
        NearDuplicate? best = null;
        foreach (var (id, tweetId, queued, post) in window)
        {
            if (excludeTweetId is not null && (tweetId == excludeTweetId || queued))
            {
                continue;
            }
            var similarity = shingles.JaccardWith(post.Shingles);
            if (similarity >= settings.NearDuplicateThreshold && (best is null || similarity > best.Similarity))
            {
                best = new NearDuplicate(id, tweetId, post.Content, similarity);
            }
        }
        return best;
    }

    private async Task<List<(long Id, string TweetId, bool Queued, (string Content, Shingles Shingles) Post)>> WindowAsync(CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow() - StoreLimits.DedupWindow;
        var live = new List<(long Id, string TweetId, bool Queued)>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT id, tweet_id, status = 'queued' FROM tweets WHERE status NOT IN {TweetStatus.DeadSql} AND created_at > @from"))
        {
            command.Parameters.AddWithValue("from", from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                live.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        Dictionary<long, (string Content, Shingles Shingles)> cache;
        lock (_gate)
        {
            cache = _cache;
        }
        var missing = live.Where(l => !cache.ContainsKey(l.Id)).Select(l => l.Id).ToArray();
        var fresh = new Dictionary<long, (string, Shingles)>(live.Count);
        if (missing.Length > 0)
        {
            await using var command = dataSource.CreateCommand("SELECT id, content FROM tweets WHERE id = ANY(@ids)");
            command.Parameters.AddWithValue("ids", missing);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var text = reader.GetString(1);
                fresh[reader.GetInt64(0)] = (text, Shingles.Of(text, options.Value.ShingleSize));
            }
        }

        var result = new List<(long, string, bool, (string, Shingles))>(live.Count);
        var next = new Dictionary<long, (string Content, Shingles Shingles)>(live.Count);
        foreach (var (id, tweetId, queued) in live)
        {
            if (cache.TryGetValue(id, out var post) || fresh.TryGetValue(id, out post))
            {
                next[id] = post;
                result.Add((id, tweetId, queued, post));
            }
        }
        // Posts that left the window (or died) leave the cache with it.
        lock (_gate)
        {
            _cache = next;
        }
        return result;
    }
}
