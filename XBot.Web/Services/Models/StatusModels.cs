namespace XBot.Web.Services.Models;

/// <summary>GET /api/about: which api this is.</summary>
public sealed record ApiAbout(string Service, string Environment, string Version, DateTimeOffset Now);

/// <summary>GET /api/health: the one-liner's figures (also the body of its 503).</summary>
public sealed record HealthReport(string Status, string Line, bool Redis, bool Database, string StoreMode, string? FallbackReason,
    long Queue, long Bandits, DateTimeOffset? LastPostAt, long PostsLastHour, bool NoPostWarning);

/// <summary>GET /api/spend: X spend today and this month against the caps (null: no cap).</summary>
public sealed record SpendReport(string Environment, DateTimeOffset At, decimal TodayUsd, decimal MonthUsd, decimal? DailyCapUsd, decimal? MonthlyCapUsd,
    IReadOnlyDictionary<string, decimal> TodayByOperation);

/// <summary>A post as GET /api/posts lists it.</summary>
public sealed record RecentPost(long Id, string? Text, string Status, DateTimeOffset CreatedAt, DateTimeOffset? PostedAt, string? XPostId);
