using Microsoft.Extensions.Options;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;

namespace XBot.Core.Learning;

/// <summary>
/// Scores candidates by Thompson sampling over their arms (topic, hour of day, format), with decayed
/// posteriors. <c>epsilon</c> (bot_config) is an exploration floor: with that probability a candidate's
/// bandit sample is a uniform draw instead, so no arm is ever starved completely. Each draw weighs the arm's
/// evidence by its dimension's <see cref="EvidenceWeight"/>, so a narrow-band reward explores as little as it needs.
/// </summary>
public sealed class ThompsonBandit(ArmStore store, IOptions<LearningOptions> learning, IOptions<SchedulerOptions> scheduler, Random random, TimeProvider time)
{
    private readonly BetaSampler _sampler = new(random);

    public async Task<IReadOnlyList<BanditScore>> ScoreAsync(IReadOnlyList<PostRow> candidates, double epsilon, IReadOnlyCollection<string> recentTopics, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }
        var arms = await store.LoadAsync(cancellationToken);
        return Score(arms, candidates, time.GetUtcNow(), epsilon, recentTopics);
    }

    public IReadOnlyList<BanditScore> Score(IReadOnlyDictionary<ArmKey, ArmState> arms, IReadOnlyList<PostRow> candidates, DateTimeOffset now, double epsilon, IReadOnlyCollection<string> recentTopics)
    {
        var options = learning.Value;
        var timeZone = scheduler.Value.ResolveTimeZone();
        var recent = recentTopics.Select(t => t.ToLowerInvariant()).ToHashSet();
        var scores = new List<BanditScore>(candidates.Count);
        // One draw per arm per decision: candidates that share an arm (the hour, usually) share its sample,
        // so only what differs between them decides.
        var drawn = new Dictionary<ArmKey, double>();
        var weights = Weights(arms, now, options);
        foreach (var row in candidates)
        {
            var keys = PostArms.For(row.Topic, row.Content, now, timeZone);
            var posteriors = keys.Select(k => (arms.GetValueOrDefault(k) ?? ArmState.Prior(k, now)).DecayedTo(now, options.EffectiveHalfLife)).ToList();
            var samples = posteriors.ToDictionary(p => p.Key.ToString(), p => drawn.TryGetValue(p.Key, out var d) ? d : drawn[p.Key] = Draw(p, weights));
            var explored = epsilon > 0 && _sampler.NextUniform() < epsilon;
            var sample = explored ? _sampler.NextUniform() : samples.Values.Average();
            var freshness = Math.Pow(2, -Math.Max(0, (now - row.CreatedAt).TotalSeconds) / options.FreshnessHalfLife.TotalSeconds);
            var diversity = options.DiversityWindow > 0 && recent.Contains(keys[0].Value) ? -options.DiversityPenalty : 0;
            var total = sample + options.FreshnessWeight * freshness + diversity;
            scores.Add(new BanditScore(row.Id, samples, Math.Round(sample, 6), explored, Math.Round(freshness, 6), diversity, Math.Round(total, 6), Math.Round(posteriors.Average(p => p.Mean), 6)));
        }
        return scores;
    }

    /// <summary>Each dimension's evidence weight, from its arms' observed reward noise.</summary>
    public static IReadOnlyDictionary<string, double> Weights(IReadOnlyDictionary<ArmKey, ArmState> arms, DateTimeOffset now, LearningOptions options) =>
        arms.Values
            .GroupBy(a => a.Key.Dimension, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => EvidenceWeight.Pooled(g.Select(a => a.DecayedTo(now, options.EffectiveHalfLife)), options.EvidenceWeightCap), StringComparer.Ordinal);

    private double Draw(ArmState posterior, IReadOnlyDictionary<string, double> weights)
    {
        var (alpha, beta) = posterior.Weighted(weights.GetValueOrDefault(posterior.Key.Dimension, 1));
        return _sampler.Sample(alpha, beta);
    }
}
