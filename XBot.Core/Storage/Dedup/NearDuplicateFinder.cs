using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Core.Storage.Dedup;

/// <summary>An earlier live post that a text resembles, and how much (Jaccard of word shingles).</summary>
public sealed record NearDuplicate(long RowId, string TweetId, string Content, double Similarity);

/// <summary>
/// Finds the live post of the last 7 days (queued, posted, anything not dead) most like a text, by word
/// shingles and Jaccard similarity. The word index (<c>tweet_words</c>, written with each post by
/// <see cref="TweetWords"/>) narrows the comparison to the posts that contain one of the text's probe words
/// (<see cref="Shingles.ProbeWords"/>): any post similar enough contains one, so the answer is exact, and a
/// check reads the few posts that share a rare word rather than the whole window. Posts the index does not
/// cover yet (written before it existed) are always compared, and indexed in batches by the checks themselves. Each candidate's shingles are kept in memory for
/// a while (texts never change).
/// </summary>
public sealed class NearDuplicateFinder(NpgsqlDataSource dataSource, IOptions<DedupOptions> options, TimeProvider time)
{
    private const int CacheLimit = 10_000;

    /// <summary>How often words of posts that left the window are deleted (they are never read again), and posts without words indexed.</summary>
    private static readonly TimeSpan MaintainEvery = TimeSpan.FromHours(1);

    /// <summary>Posts indexed per transaction while some are left.</summary>
    private const int BackfillBatch = 500;

    /// <summary>
    /// Batches per check: 10,000 posts, about half a second of fingerprints, so one check after an upgrade indexes a
    /// large window, and the checks that follow neither compare nor cache thousands of unindexed posts.
    /// </summary>
    private const int BackfillBatchesPerCheck = 20;

    private readonly ConcurrentDictionary<(long Id, int Size), Shingles> _cache = new();
    private long _nextMaintenanceTicks;

    public DedupOptions Options => options.Value;

    /// <summary>
    /// The most similar live post at or above the threshold; null when none. A text with a row of its own
    /// (<paramref name="excludeTweetId"/>: a candidate being picked) is compared with everything but the queue:
    /// its queued siblings are compared with it when their turn comes, once it is posted, so one of a group of
    /// similar candidates is posted and the rest are refused, rather than each refusing the others.
    /// </summary>
    public Task<NearDuplicate?> FindAsync(string content, string? excludeTweetId, CancellationToken cancellationToken) =>
        FindAsync(ContentFingerprint.Of(content), excludeTweetId, cancellationToken);

    /// <inheritdoc cref="FindAsync(string, string?, CancellationToken)"/>
    public async Task<NearDuplicate?> FindAsync(ContentFingerprint fingerprint, string? excludeTweetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var settings = options.Value;
        var shingles = Shingles.OfSkeleton(fingerprint.Skeleton, settings.ShingleSize);
        if (shingles.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await MaintainAsync(now, cancellationToken);
        NearDuplicate? best = null;
        foreach (var (id, tweetId, queued, content) in await CandidatesAsync(shingles.ProbeWords(settings.NearDuplicateThreshold), now - StoreLimits.DedupWindow, cancellationToken))
        {
            if (excludeTweetId is not null && (tweetId == excludeTweetId || queued))
            {
                continue;
            }
            var similarity = shingles.JaccardWith(ShinglesOf(id, content, settings.ShingleSize));
            if (similarity >= settings.NearDuplicateThreshold && (best is null || similarity > best.Similarity))
            {
                best = new NearDuplicate(id, tweetId, content, similarity);
            }
        }
        return best;
    }

    private async Task<List<(long Id, string TweetId, bool Queued, string Content)>> CandidatesAsync(IReadOnlyList<string> probe, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            WITH candidates AS (
                SELECT tweet_row_id AS id FROM tweet_words WHERE word = ANY(@probe) AND created_at > @from
                UNION
                SELECT id FROM tweets WHERE NOT words_indexed AND created_at > @from)
            SELECT t.id, t.tweet_id, t.status = 'queued', t.content
            FROM candidates c JOIN tweets t ON t.id = c.id
            WHERE t.status NOT IN {TweetStatus.DeadSql} AND t.created_at > @from
            """);
        command.Parameters.Add(new NpgsqlParameter("probe", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = probe.ToArray() });
        command.Parameters.AddWithValue("from", from);
        var candidates = new List<(long, string, bool, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3)));
        }
        return candidates;
    }

    private Shingles ShinglesOf(long id, string content, int size)
    {
        if (_cache.TryGetValue((id, size), out var cached))
        {
            return cached;
        }
        if (_cache.Count >= CacheLimit)
        {
            // Crude but bounded: the window's posts come back on the next checks that need them.
            _cache.Clear();
        }
        return _cache[(id, size)] = Shingles.Of(content, size);
    }

    /// <summary>
    /// At most hourly: deletes the words of posts that left the window, then indexes the window's posts that have
    /// none, up to <see cref="BackfillBatchesPerCheck"/> batches; if some are still left, the next check goes on. So
    /// after an upgrade the window is indexed by the first check rather than compared by every check for 7 days.
    /// </summary>
    private async Task MaintainAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextMaintenanceTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextMaintenanceTicks, (now + MaintainEvery).UtcTicks, due) != due)
        {
            return;
        }
        var from = now - StoreLimits.DedupWindow;
        await using (var command = dataSource.CreateCommand("DELETE FROM tweet_words WHERE created_at <= @from"))
        {
            command.Parameters.AddWithValue("from", from);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        for (var batch = 0; await TweetWords.BackfillAsync(dataSource, from, BackfillBatch, cancellationToken) == BackfillBatch; batch++)
        {
            if (batch == BackfillBatchesPerCheck - 1)
            {
                Interlocked.Exchange(ref _nextMaintenanceTicks, now.UtcTicks);
                break;
            }
        }
    }
}
