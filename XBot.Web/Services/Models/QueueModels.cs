using System.Text.Json.Nodes;

namespace XBot.Web.Services.Models;

/// <summary>
/// A row of GET /api/queue: a candidate or pick waiting to be posted, with the safety verdict stored with it and the
/// parts of the latest score a cycle gave it (as the worker stores them: PascalCase names, enums as numbers).
/// </summary>
public sealed record QueueItem(long Id, string TweetId, string Content, string Status, string? Topic, string? Source, double? Priority,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? ApprovalDeadline, string? LastError,
    JsonNode? SafetyVerdict = null, JsonNode? Score = null);

/// <summary>A pick moved by an approval or a rejection.</summary>
public sealed record Moved(long Id, string Status, string Actor);

/// <summary>How many rows or keys a clear touched.</summary>
public sealed record AffectedCount(long Affected, string Actor);

public sealed record SafetyReason(string Rule, string Detail, string Risk);

public sealed record SafetyVerdict(bool Allowed, string Risk, IReadOnlyList<SafetyReason> Reasons, string Moderation);

public sealed record DuplicateCheck(string Verdict, string? ContentHash, string? MatchingTweetId, string Source, string? Reason, double? Similarity);

/// <summary>What POST /api/test-tweet and POST /api/tweet say about a text: every verdict and the priority it would get.</summary>
public sealed record SubmissionResult(string Outcome, long? Id, string? Status, string Text, int WeightedLength, IReadOnlyList<string> Problems,
    SafetyVerdict? Safety, DuplicateCheck? Dedup, double Priority);
