using Npgsql;
using XBot.Core.Storage;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class TweetStoreTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_stored_tweet_is_committed_with_its_audit_row_before_success_is_returned()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();

        var result = await host.Store.StoreTweetAsync(new NewTweet("Durable first", TweetStatus.Shadowed, PostedAt: DateTimeOffset.UtcNow));

        // Another connection sees the row at once: it was committed, not buffered.
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, content_hash FROM tweets WHERE tweet_id = @id", connection);
        command.Parameters.AddWithValue("id", result.TweetId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("shadowed", reader.GetString(0));
        Assert.Equal(result.ContentHash, reader.GetString(1));
        Assert.StartsWith("local-", result.TweetId);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TWEET_STORED'"));
    }

    [Fact]
    public async Task Storing_the_same_tweet_id_twice_is_reported_not_repeated()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();

        Assert.Equal(StoreTweetOutcome.Stored, (await host.Store.StoreTweetAsync(new NewTweet("First", TweetId: "42"))).Outcome);
        Assert.Equal(StoreTweetOutcome.AlreadyStored, (await host.Store.StoreTweetAsync(new NewTweet("Second", TweetId: "42"))).Outcome);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Theory]
    [InlineData(StoreLimits.MaxContentLength + 1, "posted", null, "at most 10000 characters")]
    [InlineData(10, "published", null, "tweet status must be one of")]
    [InlineData(10, "posted", "has space", "tweet id must be")]
    [InlineData(0, "posted", null, "must not be empty")]
    public async Task Bad_tweets_are_refused_with_a_clear_error_and_nothing_is_stored(int length, string status, string? tweetId, string message)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Store.StoreTweetAsync(new NewTweet(new string('x', length), status, tweetId)));

        Assert.Contains(message, error.Message);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task Oversized_texts_are_refused_by_the_duplicate_check_too()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Store.CheckDuplicateAsync(new string('y', StoreLimits.MaxContentLength + 1)));
        Assert.Contains("10000", error.Message);
    }

    [Fact]
    public async Task A_store_while_redis_is_down_is_still_durable()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, redis: $"127.0.0.1:{PortFinder.Free()},connectTimeout=500");
        await using var host = await scope.StartAsync();

        var result = await host.Store.StoreTweetAsync(new NewTweet("Redis is down"));

        Assert.Equal(StoreTweetOutcome.Stored, result.Outcome);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }
}
