using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Config;
using XBot.Core.Learning;

namespace XBot.Core.Insights;

/// <summary>
/// The learning engine as the console shows it: the arms' posteriors, the last cycles and the trend of arm means
/// (both from the <c>LEARNING_CYCLE_COMPLETE</c> rows every cycle writes), and the V1/V2 agreement of shadow testing.
/// </summary>
public sealed class LearningInsights(NpgsqlDataSource dataSource, ArmStore arms, ConfigStore config, IOptions<LearningOptions> learning, TimeProvider time)
{
    public const double CredibleLevel = 0.95;
    public const int MaxCycles = 500;
    public const int MaxDays = 90;

    /// <summary>Every arm decayed to now (as the bandit samples it), best mean first, with the central 95% interval of Beta(α, β).</summary>
    public async Task<ArmsReport> ArmsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var halfLife = learning.Value.EffectiveHalfLife;
        var states = await arms.LoadAsync(cancellationToken);
        var tail = (1 - CredibleLevel) / 2;
        var list = states.Values
            .Select(a => a.DecayedTo(now, halfLife))
            .Select(a => new ArmInsight(
                a.Key.ToString(), a.Key.Dimension, a.Key.Value, a.Alpha, a.Beta, a.Mean,
                MathNet.Numerics.Distributions.Beta.InvCDF(a.Alpha, a.Beta, tail),
                MathNet.Numerics.Distributions.Beta.InvCDF(a.Alpha, a.Beta, 1 - tail),
                a.Pulls,
                a.UpdatedAt))
            .OrderByDescending(a => a.Mean).ThenByDescending(a => a.Pulls).ThenBy(a => a.Arm, StringComparer.Ordinal)
            .ToList();
        return new ArmsReport(now, CredibleLevel, halfLife?.ToString(), list);
    }

    /// <summary>The last <paramref name="limit"/> learning cycles, newest first.</summary>
    public async Task<IReadOnlyList<LearningCycleInsight>> CyclesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxCycles);
        await using var command = dataSource.CreateCommand(
            "SELECT id, timestamp, event_data::text FROM audit_log WHERE event_type = @type ORDER BY timestamp DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("type", LearningCycle.CompleteEvent);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cycles = new List<LearningCycleInsight>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var data = JsonNode.Parse(reader.GetString(2)) as JsonObject ?? [];
            cycles.Add(new LearningCycleInsight(
                reader.GetInt64(0),
                data["at"] is JsonValue at && at.TryGetValue<DateTimeOffset>(out var when) ? when : reader.GetFieldValue<DateTimeOffset>(1),
                Int(data["postsProcessed"]),
                Int(data["armsUpdated"]),
                Double(data["baseline"]) ?? EngagementReward.DefaultBaseline,
                data["baselineSource"]?.GetValue<string>(),
                Double(data["averageReward"]),
                Int(data["armCount"]),
                [.. (data["topArms"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(a => new TrendPoint(a["arm"]?.GetValue<string>() ?? "?", Double(a["mean"]) ?? 0, Double(a["pulls"]) ?? 0))]));
        }
        return cycles;
    }

    /// <summary>
    /// Arm means over the last <paramref name="cycles"/> learning cycles, oldest first. Each cycle records its top
    /// arms, so the trend follows the arms that led at some point; an arm outside a cycle's top has no point there.
    /// </summary>
    public async Task<TrendReport> TrendAsync(int cycles, CancellationToken cancellationToken)
    {
        var recorded = await CyclesAsync(cycles, cancellationToken);
        var series = recorded
            .OrderBy(c => c.At)
            .SelectMany(c => c.TopArms.Select(a => (a.Arm, Sample: new TrendSample(c.At, a.Mean))))
            .GroupBy(p => p.Arm, StringComparer.Ordinal)
            .Select(g => new TrendSeries(g.Key, [.. g.Select(p => p.Sample)]))
            .OrderByDescending(s => s.Points[^1].Mean).ThenBy(s => s.Arm, StringComparer.Ordinal)
            .ToList();
        return new TrendReport($"{LearningCycle.CompleteEvent} top arms", series);
    }

    /// <summary>The comparison of the last <paramref name="days"/> days' decisions that shadow testing scored alongside the heuristic.</summary>
    public async Task<AgreementReport> AgreementAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var now = time.GetUtcNow();
        var bot = await config.GetBotConfigAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            SELECT (decided_at AT TIME ZONE 'UTC')::date, count(*),
                   avg(((details -> 'Comparison' ->> 'Agree')::boolean)::int)::double precision,
                   avg((details -> 'Comparison' ->> 'ExpectedRewardDifference')::double precision)
            FROM schedule_decisions
            WHERE decided_at > @since AND decided_at <= @now AND jsonb_typeof(details -> 'Comparison') = 'object'
            GROUP BY 1 ORDER BY 1
            """);
        command.Parameters.AddWithValue("since", now.AddDays(-days));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byDay = new List<AgreementDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            byDay.Add(new AgreementDay(DateOnly.FromDateTime(reader.GetDateTime(0)), (int)reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3)));
        }
        var total = byDay.Sum(d => d.Decisions);
        return new AgreementReport(
            !bot.LearningEngineV2 && bot.FeatureFlags.TryGetValue("shadow_testing", out var shadow) && shadow.Enabled,
            bot.LearningEngineV2,
            days,
            total,
            total == 0 ? null : byDay.Sum(d => d.AgreementRate * d.Decisions) / total,
            total == 0 ? null : byDay.Sum(d => d.AverageExpectedRewardDifference * d.Decisions) / total,
            byDay);
    }

    private static int Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    private static double? Double(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
