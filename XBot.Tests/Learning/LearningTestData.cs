using Npgsql;

namespace XBot.Tests.Learning;

/// <summary>Seeds published (or shadowed) posts with readings straight into <c>tweets</c>, as the collector leaves them.</summary>
public static class LearningTestData
{
    public static async Task<long> InsertPostAsync(
        string connectionString, string topic, DateTimeOffset postedAt, double? rewardRate = null, string status = "posted",
        string? source = "test", (long Likes, long Retweets, long Replies, long Quotes, long Bookmarks, long Impressions)? metrics = null, double? reward = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var id = Guid.NewGuid().ToString("N");
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO tweets (tweet_id, content, content_hash, status, topic, source, posted_at, reward_rate, reward, engagement)
            VALUES (@tweet_id, @content, @hash, @status, @topic, @source, @posted_at, @rate, @reward, @engagement::jsonb)
            RETURNING id
            """,
            connection);
        command.Parameters.AddWithValue("tweet_id", status == "shadowed" ? $"local-{id}" : $"x{id}");
        command.Parameters.AddWithValue("content", $"A post about {topic}, number {id}");
        command.Parameters.AddWithValue("hash", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("topic", topic);
        command.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("posted_at", postedAt);
        command.Parameters.AddWithValue("rate", (object?)rewardRate ?? DBNull.Value);
        command.Parameters.AddWithValue("reward", (object?)reward ?? DBNull.Value);
        command.Parameters.AddWithValue("engagement", metrics is { } m
            ? $$"""{"likes": {{m.Likes}}, "retweets": {{m.Retweets}}, "replies": {{m.Replies}}, "quotes": {{m.Quotes}}, "bookmarks": {{m.Bookmarks}}, "impressions": {{m.Impressions}}}"""
            : "{}");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
