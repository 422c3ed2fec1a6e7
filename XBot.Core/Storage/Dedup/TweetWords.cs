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

    /// <summary>The words parameter for <paramref name="fingerprint"/>'s skeleton (none for an empty one).</summary>
    public static NpgsqlParameter ParameterFor(ContentFingerprint fingerprint) =>
        new(Parameter, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Shingles.DistinctWords(fingerprint.Skeleton) };
}
