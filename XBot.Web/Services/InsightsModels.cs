using System.Text.Json.Nodes;

namespace XBot.Web.Services;

// The api's read-side answers (XBot.Core.Insights), as the console reads them: the console never references the stores' code.

public sealed record PostPage(IReadOnlyList<PostItem> Items, long? NextBefore);

public sealed record PostItem(
    long Id, string TweetId, string Content, string Status, string? Topic, string? Source, double? Priority,
    DateTimeOffset CreatedAt, DateTimeOffset? PostedAt, PostMetrics Metrics, double? EngagementRate, string? Tier,
    double? Reward, string? XUrl, PostDecision? Decision);

public sealed record PostMetrics(long? Likes, long? Retweets, long? Replies, long? Quotes, long? Bookmarks, long? Impressions);

public sealed record PostDecision(long Id, DateTimeOffset DecidedAt, string Outcome, string? Reason, string Engine, int Candidates, CandidateScore? Score, ShadowComparison? Comparison);

public sealed record CandidateScore(long Id, string Topic, double Priority, double Score, BanditScore? Bandit);

public sealed record BanditScore(long Id, IReadOnlyDictionary<string, double> ArmSamples, double Sample, bool Explored, double Freshness, double Diversity, double Total, double ExpectedReward);

public sealed record ShadowComparison(long HeuristicPick, long BanditPick, bool Agree, double ExpectedRewardDifference);

public sealed record LifecycleStep(long AuditId, DateTimeOffset At, string Event, string? From, string? To, string? Reason, string? Actor, string? Error);

public sealed record PostDetail(PostItem Post, IReadOnlyList<LifecycleStep> History);

public sealed record ArmInsight(string Arm, string Dimension, string Value, double Alpha, double Beta, double Mean, double Lower, double Upper, double Pulls, DateTimeOffset UpdatedAt);

public sealed record ArmsReport(DateTimeOffset At, double CredibleLevel, string? HalfLife, IReadOnlyList<ArmInsight> Arms);

public sealed record TrendPoint(string Arm, double Mean, double Pulls);

public sealed record LearningCycleInsight(long AuditId, DateTimeOffset At, int PostsProcessed, int ArmsUpdated, double Baseline, string? BaselineSource, double? AverageReward, int ArmCount, IReadOnlyList<TrendPoint> TopArms);

public sealed record TrendSample(DateTimeOffset At, double Mean);

public sealed record TrendSeries(string Arm, IReadOnlyList<TrendSample> Points);

public sealed record TrendReport(string Source, IReadOnlyList<TrendSeries> Series);

public sealed record AgreementDay(DateOnly Day, int Decisions, double AgreementRate, double AverageExpectedRewardDifference);

public sealed record AgreementReport(bool ShadowTesting, bool LearningEngineV2, int Days, int Decisions, double? AgreementRate, double? AverageExpectedRewardDifference, IReadOnlyList<AgreementDay> ByDay);

public sealed record AnalyticsPage(string View, IReadOnlyList<JsonObject> Rows, int Offset, int? NextOffset);

public sealed record TopicHourCell(string Topic, int Hour, int Posts, double? AverageEngagementRate);

public sealed record TopicHourReport(int Days, IReadOnlyList<TopicHourCell> Cells);

public sealed record ConnectionState(string State, int Connections);

public sealed record TableSize(string Table, long TotalBytes, long TableBytes, long IndexBytes, long? EstimatedRows);

public sealed record SlowStatement(string Query, long Calls, double TotalMs, double MeanMs, double MaxMs, long Rows);

public sealed record DatabaseReport(string Database, string ServerVersion, long DatabaseBytes, IReadOnlyList<ConnectionState> Connections, IReadOnlyList<TableSize> Tables,
    bool StatementsAvailable, string? StatementsNote, IReadOnlyList<SlowStatement> SlowStatements);
