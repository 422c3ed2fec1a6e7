namespace XBot.Core.Storage;

/// <summary>Fixed limits of the dual store, named once.</summary>
public static class StoreLimits
{
    /// <summary>Longest tweet text the store accepts. X's own limit is far lower; this only keeps junk out.</summary>
    public const int MaxContentLength = 10_000;

    /// <summary>Longest local or X tweet id.</summary>
    public const int MaxTweetIdLength = 128;

    /// <summary>How long a posted text blocks the same text (runbooks.md §4: content hashes live 7 days).</summary>
    public static readonly TimeSpan DedupWindow = TimeSpan.FromDays(7);

    /// <summary>Lifetime of a cached config value in Redis (runbooks.md §4).</summary>
    public static readonly TimeSpan ConfigCacheTtl = TimeSpan.FromHours(1);

    /// <summary>Longest stored config value, as JSON text.</summary>
    public const int MaxConfigValueLength = 8_192;

    /// <summary>Longest name of an actor (who made a change) in the audit log.</summary>
    public const int MaxActorLength = 200;

    /// <summary>Sync-queue depths of runbooks.md §5.</summary>
    public const long SyncQueueWarningDepth = 1_000;
    public const long SyncQueueCriticalDepth = 5_000;

    /// <summary>Drift the consistency audit tolerates (runbooks.md §5: under 1%).</summary>
    public const double DriftTolerancePercent = 1.0;

    public static string CheckActor(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor) || actor.Length > MaxActorLength)
        {
            throw new ArgumentException($"actor (who makes the change) must be 1-{MaxActorLength} characters; got {(actor is null ? "null" : $"{actor.Length} characters")}.", nameof(actor));
        }
        return actor.Trim();
    }
}
