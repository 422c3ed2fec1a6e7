using XBot.Core.Storage.Tweets;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Configuration;
using XBot.Core.Posting.Lifecycle;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Posting;

[Collection(InfrastructureCollection.Name)]
public sealed class PostLifecycleStoreTests(InfrastructureFixture infrastructure)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

    private static NewPost Candidate(string text, double priority = 1.0, string? requestId = null) =>
        new(text, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
            "templates", "dotnet", priority, Start.AddHours(48), RequestId: requestId);

    [Fact]
    public async Task A_transition_happens_once_and_is_audited()
    {
        await using var database = await infrastructure.CreateMigratedDatabaseAsync();
        await using var dataSource = database.CreateDataSource();
        var store = new PostLifecycleStore(dataSource, new AuditLog(dataSource, new XBotOptions()), new FakeTimeProvider(Start));
        var id = (await store.EnqueueAsync(Candidate("Pass a CancellationToken all the way down."), CancellationToken.None))!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            store.TransitionAsync(id, [TweetStatus.Queued], new Transition(TweetStatus.Picked, "test"), CancellationToken.None)));

        Assert.Single(results, moved => moved);
        Assert.Equal(TweetStatus.Picked, (await store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(1, await CountAsync(dataSource, "SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION'"));
    }

    [Fact]
    public async Task A_replayable_transition_skips_only_its_own_wal_flush_and_still_happens_once()
    {
        await using var database = await infrastructure.CreateMigratedDatabaseAsync();
        await using var dataSource = database.CreateDataSource();
        var store = new PostLifecycleStore(dataSource, new AuditLog(dataSource, new XBotOptions()), new FakeTimeProvider(Start));
        var id = (await store.EnqueueAsync(Candidate("Batch the writes, not the reads."), CancellationToken.None))!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            store.TransitionAsync(id, [TweetStatus.Queued], new Transition(TweetStatus.Picked, "test") { Replayable = true }, CancellationToken.None)));

        Assert.Single(results, moved => moved);
        Assert.Equal(TweetStatus.Picked, (await store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(1, await CountAsync(dataSource, "SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION'"));

        // The setting covers the command's own statements (one implicit transaction) and nothing after them.
        await using var connection = await dataSource.OpenConnectionAsync();
        // The test cluster runs with synchronous_commit off for speed; a real one has it on.
        await using (var durable = new NpgsqlCommand("SET synchronous_commit = on", connection))
        {
            await durable.ExecuteNonQueryAsync();
        }
        await using (var relaxed = new NpgsqlCommand(PostLifecycleStore.AsynchronousCommit + "; SHOW synchronous_commit", connection))
        await using (var reader = await relaxed.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("off", reader.GetString(0));
        }
        await using var after = new NpgsqlCommand("SHOW synchronous_commit", connection);
        Assert.Equal("on", await after.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_live_duplicate_text_is_refused_by_the_unique_index_but_allowed_after_it_expired()
    {
        await using var database = await infrastructure.CreateMigratedDatabaseAsync();
        await using var dataSource = database.CreateDataSource();
        var store = new PostLifecycleStore(dataSource, new AuditLog(dataSource, new XBotOptions()), new FakeTimeProvider(Start));

        var first = await store.EnqueueAsync(Candidate("Measure before you optimise."), CancellationToken.None);
        var second = await store.EnqueueAsync(Candidate("Measure before you optimise."), CancellationToken.None);
        await store.TransitionAsync(first!.Value, [TweetStatus.Queued], new Transition(TweetStatus.Expired, "test"), CancellationToken.None);
        var third = await store.EnqueueAsync(Candidate("Measure before you optimise."), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task Expiry_moves_old_queued_candidates_and_late_approvals()
    {
        await using var database = await infrastructure.CreateMigratedDatabaseAsync();
        await using var dataSource = database.CreateDataSource();
        var clock = new FakeTimeProvider(Start);
        var store = new PostLifecycleStore(dataSource, new AuditLog(dataSource, new XBotOptions()), clock);
        var queued = (await store.EnqueueAsync(Candidate("One"), CancellationToken.None))!.Value;
        var waiting = (await store.EnqueueAsync(Candidate("Two"), CancellationToken.None))!.Value;
        await store.TransitionAsync(waiting, [TweetStatus.Queued], new Transition(TweetStatus.AwaitingApproval, "test") { ApprovalDeadline = Start.AddHours(12) }, CancellationToken.None);

        clock.Advance(TimeSpan.FromHours(13));
        Assert.Equal(1, await store.ExpireAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(36));
        Assert.Equal(1, await store.ExpireAsync(CancellationToken.None));

        Assert.Equal(TweetStatus.Expired, (await store.GetAsync(queued, CancellationToken.None))!.Status);
        Assert.Equal(TweetStatus.Expired, (await store.GetAsync(waiting, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Only_one_holder_of_the_posting_lock_at_a_time_and_it_is_released_when_the_holder_dies()
    {
        await using var database = await infrastructure.CreateMigratedDatabaseAsync();
        await using var dataSource = database.CreateDataSource();

        var first = await PostingLock.TryAcquireAsync(dataSource, CancellationToken.None);
        var second = await PostingLock.TryAcquireAsync(dataSource, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(second);

        // A holder that dies without unlocking: its session ends and PostgreSQL releases the lock.
        await using (var admin = new NpgsqlConnection(infrastructure.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = @db)", admin);
            kill.Parameters.AddWithValue("db", database.Name);
            await kill.ExecuteNonQueryAsync();
        }
        await first!.DisposeAsync();

        await using var third = await PostingLock.TryAcquireAsync(dataSource, CancellationToken.None);
        Assert.NotNull(third);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
