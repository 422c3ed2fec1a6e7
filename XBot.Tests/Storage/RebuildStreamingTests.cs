using Npgsql;
using XBot.Core.Storage.Redis;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>The rebuild streams live hashes in pages: every page boundary still lands every hash in Redis.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RebuildStreamingTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_rebuild_over_several_pages_writes_every_live_hash_once()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(start: false);
        const int posts = 1_234;
        var dataSource = host.Get<NpgsqlDataSource>();
        await using (var insert = dataSource.CreateCommand(
            $"""
            INSERT INTO tweets (tweet_id, content, content_hash, status, created_at, updated_at)
            SELECT 'bulk-' || i, 'bulk post ' || i, encode(sha256(convert_to('bulk ' || i, 'UTF8')), 'hex'), 'posted', now(), now()
            FROM generate_series(1, {posts}) AS i
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var report = await host.Store.RebuildRedisAsync("test");

        Assert.Equal(posts, report.DedupKeys);
        var gate = host.Get<RedisGate>();
        var keys = await gate.ExecuteAsync(db => RedisScanner.ScanAsync(db, gate.Keys.Pattern(KeyFamily.Dedup), default), default);
        Assert.Equal(posts, keys.Count);
        Assert.Equal("bulk-1000", (string?)await gate.ExecuteAsync(db => db.StringGetAsync(gate.Keys.Dedup(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("bulk 1000"u8)))), default));
    }
}
