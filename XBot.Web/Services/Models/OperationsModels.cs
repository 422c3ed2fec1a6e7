namespace XBot.Web.Services.Models;

public sealed record StoreStatus(string Mode, string Reason, DateTimeOffset Since, string? Detail);

public sealed record ManualFallbackState(bool Enabled, string? Actor, string? Reason, DateTimeOffset? ChangedAt);

/// <summary>GET /api/fallback: this api's store mode, the persisted switch and the routing per feature.</summary>
public sealed record FallbackReport(StoreStatus Store, ManualFallbackState Manual, bool UseRedis, bool PinnedByEnvironment, bool DualWrite,
    IReadOnlyDictionary<string, string> Routing, bool RedisReachable);

public sealed record DriftArea(string Area, int Compared, int Drifted, IReadOnlyList<string> Examples, double DriftPercent);

public sealed record SyncQueueStatus(long Depth, DateTimeOffset? OldestEnqueuedAt, TimeSpan? OldestAge, long DeadLetters, string Level);

/// <summary>POST /api/consistency-audit: drift between Redis and PostgreSQL, the sync queue, and what a repair did.</summary>
public sealed record ConsistencyReport(DateTimeOffset At, string Environment, string Prefix, bool RedisAvailable, bool RedisWarm, double? DriftPercent,
    IReadOnlyList<DriftArea> Areas, SyncQueueStatus? SyncQueue, System.Text.Json.Nodes.JsonNode? Repaired, string? Error, string Verdict);

public sealed record RebuildReport(int DedupKeys, int RateLimitKeys, int RateLimitEvents, bool ConfigCached, DateTimeOffset? LastPostAt);

public sealed record SchemaDriftItem(string Kind, string Subject, string Detail);

public sealed record SchemaDriftReport(string? AppliedVersion, IReadOnlyList<SchemaDriftItem> Items, bool HasDrift);

public sealed record AppliedMigration(string Version, string Name, string Checksum, DateTimeOffset AppliedAt, long DurationMs, bool Baseline);
