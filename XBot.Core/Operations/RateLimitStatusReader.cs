using Npgsql;
using XBot.Core.Configuration;
using XBot.Core.Storage;

namespace XBot.Core.Operations;

/// <summary>One of the bot's own posting caps (<c>rate_limits</c>), as counted now.</summary>
public sealed record CapStatus(string Name, int Limit, int Used, int Remaining, DateTimeOffset? ResetAt);

/// <summary>A rate-limit window X reported on its last answer for an endpoint.</summary>
public sealed record XWindow(string Endpoint, string Scope, int? Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>What <c>GET /api/rate-limit-status</c> and <c>rate-limits</c> show; <see cref="Source"/> is the store that counted the caps.</summary>
public sealed record RateLimitReport(string Source, IReadOnlyList<CapStatus> Caps, IReadOnlyList<XWindow> XWindows);

/// <summary>The bot's caps, peeked without consuming, and the X windows that have not reset yet.</summary>
public sealed class RateLimitStatusReader(IDualStore store, NpgsqlDataSource dataSource, XBotOptions options, TimeProvider time)
{
    public async Task<RateLimitReport> ReadAsync(CancellationToken cancellationToken)
    {
        var caps = new List<CapStatus>();
        var source = "";
        foreach (var name in new[] { "daily_tweets", "hourly_tweets" })
        {
            var decision = await store.PeekRateLimitAsync(name, cancellationToken);
            source = decision.Source.ToString();
            caps.AddRange(decision.Limits.Select(l => new CapStatus(l.Name, l.Limit, l.Count, l.Remaining, l.ResetAt)));
        }
        var windows = new List<XWindow>();
        await using var command = dataSource.CreateCommand(
            "SELECT endpoint, scope, limit_count, remaining, reset_at FROM x_rate_limit_windows WHERE environment = @env AND reset_at > @now ORDER BY endpoint, scope");
        command.Parameters.AddWithValue("env", options.AppEnv);
        // X's reset times are on the services' clock (simulated on a time-scaled stack), not the database's.
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(new XWindow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }
        return new RateLimitReport(source, caps, windows);
    }
}
