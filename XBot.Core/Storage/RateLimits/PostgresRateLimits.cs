using Npgsql;
using NpgsqlTypes;
using XBot.Core.Configuration;

namespace XBot.Core.Storage.RateLimits;

/// <summary>
/// Rate limits in PostgreSQL: the durable mirror of every admitted event, and the fallback that answers
/// checks itself. A check takes a transaction-scoped advisory lock per limit (in name order, so two checks
/// of several limits can't deadlock), counts, and inserts: concurrent checks are serialised per limit.
/// </summary>
public sealed class PostgresRateLimits(NpgsqlDataSource dataSource, XBotOptions options)
{
    public async Task<(bool Allowed, IReadOnlyList<(int Count, long? OldestMs)> Counts)> CheckAsync(
        IReadOnlyList<RateLimitRule> rules, IReadOnlyList<Guid> ids, long nowMs, bool consume, CancellationToken cancellationToken)
    {
        // Two round trips whatever the number of rules: one batch takes the locks, counts every rule and, only
        // if all have room, inserts the events (one statement); then the commit releases the locks.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (consume)
        {
            foreach (var rule in rules.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
                lockCommand.Parameters.Add(new NpgsqlParameter { Value = $"xbot:rl:{options.AppEnv}:{rule.Name}:{rule.KindText}:{rule.WindowMs}" });
                batch.BatchCommands.Add(lockCommand);
            }
        }
        var check = new NpgsqlBatchCommand(
            """
            WITH rules AS (
                SELECT * FROM unnest(@ids, @keys, @kinds, @windows, @limits, @froms, @tos) WITH ORDINALITY
                    AS r(id, limit_key, window_kind, window_ms, max_count, from_at, to_at, ord)),
            counted AS (
                SELECT r.*, c.n, c.oldest FROM rules r CROSS JOIN LATERAL (
                    SELECT count(*)::int AS n, min(e.occurred_at) AS oldest FROM rate_limit_events e
                    WHERE e.environment = @env AND e.limit_key = r.limit_key AND e.window_kind = r.window_kind AND e.window_ms = r.window_ms
                      AND e.occurred_at > r.from_at AND e.occurred_at < COALESCE(r.to_at, 'infinity')) c),
            verdict AS (SELECT bool_and(n < max_count) AS allowed FROM counted),
            inserted AS (
                INSERT INTO rate_limit_events (id, environment, limit_key, window_kind, window_ms, occurred_at, source)
                SELECT id, @env, limit_key, window_kind, window_ms, @now, 'postgres' FROM counted
                WHERE @consume AND (SELECT allowed FROM verdict)
                ON CONFLICT (id) DO NOTHING)
            SELECT n, oldest, (SELECT allowed FROM verdict) FROM counted ORDER BY ord
            """);
        var bounds = rules.Select(r => WindowBounds(r.Kind, r.WindowMs, nowMs)).ToArray();
        check.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        check.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rules.Select(r => r.Name).ToArray() });
        check.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rules.Select(r => r.KindText).ToArray() });
        check.Parameters.Add(new NpgsqlParameter("windows", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rules.Select(r => r.WindowMs).ToArray() });
        check.Parameters.Add(new NpgsqlParameter("limits", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rules.Select(r => r.Limit).ToArray() });
        // One range form for both kinds, so the index serves it: a fixed window's inclusive start becomes an
        // exclusive bound one microsecond (PostgreSQL's resolution) earlier.
        check.Parameters.Add(new NpgsqlParameter("froms", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = bounds.Select(b => b.ToMs is null ? ToUtc(b.FromMs) : ToUtc(b.FromMs).AddTicks(-TimeSpan.TicksPerMicrosecond)).ToArray(),
        });
        check.Parameters.Add(new NpgsqlParameter("tos", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = bounds.Select(b => b.ToMs is { } to ? (DateTime?)ToUtc(to) : null).ToArray() });
        check.Parameters.AddWithValue("env", options.AppEnv);
        check.Parameters.AddWithValue("now", ToUtc(nowMs));
        check.Parameters.AddWithValue("consume", consume);
        batch.BatchCommands.Add(check);

        var counts = new List<(int Count, long? OldestMs)>(rules.Count);
        var allowed = false;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The lock statements' results come first; the counts are the last result set.
            while (reader.FieldCount != 3 || reader.GetName(0) != "n")
            {
                if (!await reader.NextResultAsync(cancellationToken))
                {
                    throw new InvalidOperationException("the rate-limit check returned no counts");
                }
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                long? oldest = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero).ToUnixTimeMilliseconds();
                counts.Add((reader.GetInt32(0), oldest));
                allowed = reader.GetBoolean(2);
            }
        }
        if (consume && allowed)
        {
            for (var i = 0; i < counts.Count; i++)
            {
                counts[i] = (counts[i].Count + 1, counts[i].OldestMs ?? nowMs);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return (allowed, counts);
    }

    /// <summary>Events of <paramref name="rule"/> in the window at <paramref name="nowMs"/>, and the oldest one's time.</summary>
    public async Task<(int Count, long? OldestMs)> CountAsync(RateLimitRule rule, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CountAsync(connection, null, rule, nowMs, cancellationToken);
    }

    /// <summary>Writes events, skipping ids already there, so mirrors, sync retries and repairs can repeat safely.</summary>
    public async Task InsertAsync(IReadOnlyList<RateLimitEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, events, cancellationToken);
    }

    /// <summary>Writes <paramref name="events"/> and then deletes <paramref name="refunded"/>, in one transaction (a sync batch).</summary>
    public async Task ApplyAsync(IReadOnlyList<RateLimitEvent> events, IReadOnlyList<Guid> refunded, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && refunded.Count == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (events.Count > 0)
        {
            await InsertAsync(connection, transaction, events, cancellationToken);
        }
        if (refunded.Count > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM rate_limit_events WHERE id = ANY(@ids)", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = refunded.ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes events by id (a refund); ids not there are ignored.</summary>
    public async Task DeleteAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM rate_limit_events WHERE id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Limits with at least one event inside their own window at <paramref name="nowMs"/>.</summary>
    public async Task<IReadOnlyList<ActiveLimit>> ActiveLimitsAsync(long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT limit_key, window_kind, window_ms FROM rate_limit_events
            WHERE environment = @env AND occurred_at > @now - window_ms * interval '1 millisecond'
            """,
            connection);
        command.Parameters.AddWithValue("env", options.AppEnv);
        command.Parameters.AddWithValue("now", ToUtc(nowMs));
        var result = new List<ActiveLimit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ActiveLimit(reader.GetString(0), reader.GetString(1) == "fixed" ? RateLimitWindow.Fixed : RateLimitWindow.Sliding, reader.GetInt64(2)));
        }
        return result;
    }

    /// <summary>The events counted by <paramref name="limit"/>'s current window at <paramref name="nowMs"/>.</summary>
    public async Task<IReadOnlyList<RateLimitEvent>> EventsInWindowAsync(ActiveLimit limit, long nowMs, CancellationToken cancellationToken)
    {
        var (fromMs, toMs) = WindowBounds(limit.Kind, limit.WindowMs, nowMs);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT id, occurred_at, source FROM rate_limit_events
            WHERE environment = @env AND limit_key = @key AND window_kind = @kind AND window_ms = @window
              AND {(limit.Kind == RateLimitWindow.Sliding ? "occurred_at > @from" : "occurred_at >= @from AND occurred_at < @to")}
            ORDER BY occurred_at
            """,
            connection);
        command.Parameters.AddWithValue("env", options.AppEnv);
        command.Parameters.AddWithValue("key", limit.Limit);
        command.Parameters.AddWithValue("kind", limit.Kind == RateLimitWindow.Fixed ? "fixed" : "sliding");
        command.Parameters.AddWithValue("window", limit.WindowMs);
        command.Parameters.AddWithValue("from", ToUtc(fromMs));
        command.Parameters.AddWithValue("to", ToUtc(toMs ?? fromMs));
        var result = new List<RateLimitEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero).ToUnixTimeMilliseconds();
            result.Add(new RateLimitEvent(reader.GetGuid(0), options.AppEnv, limit.Limit, limit.Kind == RateLimitWindow.Fixed ? "fixed" : "sliding", limit.WindowMs, at, reader.GetString(2)));
        }
        return result;
    }

    /// <summary>Deletes events older than <paramref name="olderThan"/>, longer ago than any window.</summary>
    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM rate_limit_events WHERE occurred_at < @before", connection);
        command.Parameters.AddWithValue("before", olderThan.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The span a window counts at <paramref name="nowMs"/>: sliding (from, ∞) with from excluded, as the Redis
    /// script drops scores ≤ now − window; fixed [start, end).
    /// </summary>
    public static (long FromMs, long? ToMs) WindowBounds(RateLimitWindow kind, long windowMs, long nowMs)
    {
        if (kind == RateLimitWindow.Sliding)
        {
            return (nowMs - windowMs, null);
        }
        var index = nowMs / windowMs;
        return (index * windowMs, (index + 1) * windowMs);
    }

    private async Task<(int Count, long? OldestMs)> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RateLimitRule rule, long nowMs, CancellationToken cancellationToken)
    {
        var (fromMs, toMs) = WindowBounds(rule.Kind, rule.WindowMs, nowMs);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*)::int, min(occurred_at) FROM rate_limit_events
            WHERE environment = @env AND limit_key = @key AND window_kind = @kind AND window_ms = @window
              AND {(rule.Kind == RateLimitWindow.Sliding ? "occurred_at > @from" : "occurred_at >= @from AND occurred_at < @to")}
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("env", options.AppEnv);
        command.Parameters.AddWithValue("key", rule.Name);
        command.Parameters.AddWithValue("kind", rule.KindText);
        command.Parameters.AddWithValue("window", rule.WindowMs);
        command.Parameters.AddWithValue("from", ToUtc(fromMs));
        command.Parameters.AddWithValue("to", ToUtc(toMs ?? fromMs));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt32(0);
        long? oldest = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero).ToUnixTimeMilliseconds();
        return (count, oldest);
    }

    /// <summary>
    /// Inserts the events bound by <see cref="AddEventParameters"/>, skipping ids already there, when
    /// <paramref name="condition"/> holds. Other statements embed it (a post's transition writes its caps in
    /// the same statement).
    /// </summary>
    internal static string InsertEventsSql(string condition = "true") => $"""
        INSERT INTO rate_limit_events (id, environment, limit_key, window_kind, window_ms, occurred_at, source)
        SELECT * FROM unnest(@ev_ids, @ev_envs, @ev_keys, @ev_kinds, @ev_windows, @ev_times, @ev_sources) WHERE {condition}
        ON CONFLICT (id) DO NOTHING
        """;

    internal static void AddEventParameters(NpgsqlParameterCollection parameters, IReadOnlyList<RateLimitEvent> events)
    {
        parameters.Add(new NpgsqlParameter("ev_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = events.Select(e => e.Id).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_envs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Environment).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Limit).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.WindowKind).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_windows", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = events.Select(e => e.WindowMs).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = events.Select(e => e.OccurredAtUtc).ToArray() });
        parameters.Add(new NpgsqlParameter("ev_sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Source).ToArray() });
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<RateLimitEvent> events, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertEventsSql(), connection, transaction);
        AddEventParameters(command.Parameters, events);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTime ToUtc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
