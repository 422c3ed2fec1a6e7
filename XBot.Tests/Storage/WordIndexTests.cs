using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>
/// The near-duplicate check's word index (tweet_words): it narrows the comparison to posts sharing a probe
/// word, and must never change the answer that comparing with every live post of the window would give.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WordIndexTests(InfrastructureFixture fixture)
{
    // A small vocabulary, so that random texts overlap often and every similarity band is exercised.
    private static readonly string[] Vocabulary =
    [
        "cache", "retry", "queue", "deploy", "shard", "index", "the", "a", "keys",
        "lock", "token", "batch", "stream", "we", "writes", "fast", "slow", "again",
    ];

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(1, 0.6)]
    [InlineData(2, 0.6)]
    [InlineData(3, 0.8)]
    [InlineData(2, 1.0)]
    public void Every_text_similar_enough_contains_a_probe_word(int size, double threshold)
    {
        var random = new Random(size * 1000 + (int)(threshold * 100));
        var texts = Enumerable.Range(0, 300).Select(_ => Shingles.Of(RandomText(random, 9), size)).ToList();
        var pairs = 0;
        foreach (var a in texts)
        {
            var probe = a.ProbeWords(threshold).ToHashSet(StringComparer.Ordinal);
            foreach (var b in texts)
            {
                if (a.JaccardWith(b) >= threshold)
                {
                    pairs++;
                    Assert.True(b.Words.Any(probe.Contains), $"a similar text ({a.JaccardWith(b):0.00}) shares no probe word: probe [{string.Join(' ', probe)}], text [{string.Join(' ', b.Words)}]");
                }
            }
        }
        Assert.True(pairs > texts.Count, "the corpus should hold similar pairs beyond each text with itself");
    }

    [Fact]
    public void The_probe_is_smaller_than_the_text_when_the_threshold_allows()
    {
        var shingles = Shingles.Of("deploy the shard index with a batch token and a stream lock", 1);
        var probe = shingles.ProbeWords(0.6);
        // 11 distinct words; a match shares at least 7, so 5 probe words are enough, the longest first.
        Assert.Equal(5, probe.Count);
        Assert.Equal(["deploy", "stream", "batch", "index", "shard"], probe);
    }

    [Theory]
    [InlineData(1, 0.6, 16)]
    [InlineData(2, 0.5, 9)]
    public async Task The_indexed_check_answers_as_comparing_with_every_live_post_would(int size, double threshold, int vocabulary)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?>
        {
            ["Dedup:ShingleSize"] = size.ToString(CultureInfo.InvariantCulture),
            ["Dedup:NearDuplicateThreshold"] = threshold.ToString(CultureInfo.InvariantCulture),
        });
        await host.WarmAsync();
        var random = new Random(size * 7 + 1);
        var live = new List<(string TweetId, Shingles Shingles)>();
        string[] statuses = [TweetStatus.Posted, TweetStatus.Queued, TweetStatus.Refused, TweetStatus.Failed];
        for (var i = 0; i < 150; i++)
        {
            var text = RandomText(random, vocabulary);
            var status = statuses[random.Next(statuses.Length)];
            var result = await host.Store.StoreTweetAsync(new NewTweet(text, status, TweetId: $"w{i}"));
            if (result.Outcome == StoreTweetOutcome.Stored && TweetStatus.IsLive(status))
            {
                live.Add(($"w{i}", Shingles.Of(text, size)));
            }
        }
        // Rows the index does not cover (written before it existed, or by an older binary) still count.
        await using (var connection = new NpgsqlConnection(scope.Postgres))
        {
            await connection.OpenAsync();
            for (var i = 0; i < 30; i++)
            {
                var text = RandomText(random, vocabulary);
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO tweets (tweet_id, content, status, created_at, updated_at) VALUES (@id, @content, 'posted', now(), now()) ON CONFLICT DO NOTHING", connection);
                insert.Parameters.AddWithValue("id", $"legacy{i}");
                insert.Parameters.AddWithValue("content", text);
                if (await insert.ExecuteNonQueryAsync() == 1)
                {
                    live.Add(($"legacy{i}", Shingles.Of(text, size)));
                }
            }
        }

        var duplicates = 0;
        for (var q = 0; q < 200; q++)
        {
            var text = RandomText(random, vocabulary);
            var query = Shingles.Of(text, size);
            var best = live.Select(p => query.JaccardWith(p.Shingles)).DefaultIfEmpty(0).Max();
            var check = await host.Store.CheckDuplicateAsync(text);
            if (best >= threshold)
            {
                duplicates++;
                Assert.True(check.Verdict == DuplicateVerdict.Duplicate, $"\"{text}\" resembles a live post ({best:0.00}) but the check answered {check.Verdict}");
                Assert.Equal(best, check.Similarity!.Value, 9);
            }
            else
            {
                Assert.True(check.Verdict == DuplicateVerdict.Unique, $"\"{text}\" resembles no live post (best {best:0.00}) but the check answered {check.Verdict}: {check.Reason}");
            }
        }
        Assert.InRange(duplicates, 10, 190);
    }

    [Fact]
    public async Task Words_of_posts_that_left_the_window_are_deleted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(time: clock);
        await host.WarmAsync();
        await host.Store.StoreTweetAsync(new NewTweet("Shard the queue before the batch writes stall.", TweetId: "old"));
        Assert.Equal(7, await WordsOfAsync(scope, "old"));

        clock.Advance(StoreLimits.DedupWindow + TimeSpan.FromHours(2));
        await host.Store.StoreTweetAsync(new NewTweet("Tokens expire; retry with a fresh one.", TweetId: "new"));
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Shard the queue before the batch writes stall again")).Verdict);

        Assert.Equal(0, await WordsOfAsync(scope, "old"));
        Assert.Equal(7, await WordsOfAsync(scope, "new"));
    }

    [Fact]
    public async Task Posts_written_without_words_are_indexed_by_the_checks_in_batches_and_still_found()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        // 10,600 posts of the window as an older binary wrote them (no words): more than one check indexes
        // (20 batches of 500). And one post from before the window, which is never indexed.
        await ExecuteAsync(scope, """
            INSERT INTO tweets (tweet_id, content, status, created_at, updated_at)
            SELECT 'legacy' || i, 'Legacy note ' || i || ' about shard ' || (i % 7) || ' and queue ' || (i % 11) || '.', 'posted', now() - i * interval '30 seconds', now()
            FROM generate_series(1, 10600) AS i;
            INSERT INTO tweets (tweet_id, content, status, created_at, updated_at)
            VALUES ('ancient', 'Ancient note about nothing.', 'posted', now() - interval '30 days', now());
            """);
        const string unindexed = "SELECT count(*) FROM tweets WHERE NOT words_indexed";

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Unrelated words here.")).Verdict);
        Assert.Equal(601, await scope.ScalarAsync<long>(unindexed));
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Other unrelated words.")).Verdict);
        Assert.Equal(1, await scope.ScalarAsync<long>(unindexed));

        Assert.Equal(Shingles.DistinctWords(ContentFingerprint.Of("Legacy note 42 about shard 0 and queue 9.").Skeleton).Length, await WordsOfAsync(scope, "legacy42"));
        var check = await host.Store.CheckDuplicateAsync("Legacy note 42 about shard 0 and queue 9 again.");
        Assert.Equal(DuplicateVerdict.Duplicate, check.Verdict);
        Assert.Equal("legacy42", check.MatchingTweetId);
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> WordsOfAsync(StoreScope scope, string tweetId)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM tweet_words w JOIN tweets t ON t.id = w.tweet_row_id WHERE t.tweet_id = @id", connection);
        count.Parameters.AddWithValue("id", tweetId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static string RandomText(Random random, int vocabulary) =>
        string.Join(' ', Enumerable.Range(0, random.Next(2, 8)).Select(_ => Vocabulary[random.Next(vocabulary)])) + ".";
}
