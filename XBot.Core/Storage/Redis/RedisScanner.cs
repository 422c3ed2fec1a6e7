using StackExchange.Redis;

namespace XBot.Core.Storage.Redis;

/// <summary>
/// Walks keys with SCAN ... MATCH, never KEYS (which blocks the server). Issued as a raw command because
/// the client library may fall back to KEYS on servers whose version it does not recognise (Garnet).
/// </summary>
public static class RedisScanner
{
    public static async Task<IReadOnlyList<string>> ScanAsync(IDatabase db, string pattern, CancellationToken cancellationToken, int pageSize = 500)
    {
        var keys = new List<string>();
        var cursor = "0";
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = (RedisResult[])(await db.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", pageSize))!;
            cursor = page[0].ToString();
            foreach (var key in (RedisResult[])page[1]!)
            {
                keys.Add(key.ToString());
            }
        }
        while (cursor != "0");
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Deletes the keys in batches; returns how many existed.</summary>
    public static async Task<long> DeleteAsync(IDatabase db, IReadOnlyList<string> keys)
    {
        long deleted = 0;
        foreach (var chunk in keys.Chunk(500))
        {
            deleted += await db.KeyDeleteAsync([.. chunk.Select(k => (RedisKey)k)]);
        }
        return deleted;
    }
}
