using Npgsql;
using NpgsqlTypes;
using XBot.Core.Text;

namespace XBot.Core.Storage.Dedup;

/// <summary>
/// The write side of the near-duplicate word index (<c>tweet_words</c>, read by <see cref="NearDuplicateFinder"/>):
/// a post's distinct skeleton words are written by the same statement that writes the post, as one more
/// data-modifying CTE, so a post and its words are committed together and cost no extra round trip.
/// </summary>
public static class TweetWords
{
    public const string Parameter = "words";

    /// <summary>
    /// The statement that indexes the row(s) returned by the CTE named <paramref name="rows"/> (which must
    /// return <c>id</c> and <c>created_at</c>), with the words in <see cref="ParameterFor"/>.
    /// </summary>
    public static string InsertFrom(string rows) =>
        $"INSERT INTO tweet_words (word, created_at, tweet_row_id) SELECT w, {rows}.created_at, {rows}.id FROM {rows}, unnest(@{Parameter}::text[]) AS w";

    /// <summary>
    /// Indexes up to <paramref name="batchSize"/> posts of the window written without words (before the index
    /// existed, or by an older binary during a rolling update); returns how many. Until then every check compares
    /// them, so after an upgrade the first checks would read the whole window. Rows are taken with
    /// <c>SKIP LOCKED</c>, so several workers share the work, and a word written twice is written once.
    /// </summary>
    public static async Task<int> BackfillAsync(NpgsqlDataSource dataSource, DateTimeOffset from, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        var words = new List<string>();
        var createdAts = new List<DateTimeOffset>();
        var rowIds = new List<long>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT id, created_at, content FROM tweets
            WHERE NOT words_indexed AND created_at > @from
            ORDER BY created_at DESC LIMIT @limit
            FOR NO KEY UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.AddWithValue("from", from);
            select.Parameters.AddWithValue("limit", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                var createdAt = reader.GetFieldValue<DateTimeOffset>(1);
                ids.Add(id);
                foreach (var word in WordsOf(ContentFingerprint.Of(reader.GetString(2))))
                {
                    words.Add(word);
                    createdAts.Add(createdAt);
                    rowIds.Add(id);
                }
            }
        }
        if (ids.Count == 0)
        {
            return 0;
        }
        await using var write = new NpgsqlCommand(
            """
            WITH indexed AS (
                INSERT INTO tweet_words (word, created_at, tweet_row_id)
                SELECT * FROM unnest(@words::text[], @created::timestamptz[], @rows::bigint[])
                ON CONFLICT DO NOTHING)
            UPDATE tweets SET words_indexed = true WHERE id = ANY(@ids)
            """, connection, transaction);
        write.Parameters.AddWithValue("words", words.ToArray());
        write.Parameters.AddWithValue("created", createdAts.ToArray());
        write.Parameters.AddWithValue("rows", rowIds.ToArray());
        write.Parameters.AddWithValue("ids", ids.ToArray());
        await write.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>The words parameter for <paramref name="fingerprint"/>'s skeleton (none for an empty one).</summary>
    public static NpgsqlParameter ParameterFor(ContentFingerprint fingerprint) =>
        new(Parameter, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = WordsOf(fingerprint) };

    /// <summary>The words a post is indexed under: the distinct words of its fingerprint skeleton.</summary>
    private static string[] WordsOf(ContentFingerprint fingerprint) => Shingles.DistinctWords(fingerprint.Skeleton);
}
