namespace XBot.Core.Learning;

/// <summary>
/// One arm's Beta posterior, Beta(α, β), with the uniform prior Beta(1, 1). Discounted Thompson sampling:
/// the evidence above the prior halves every <c>halfLife</c>, so that old tastes fade and a drift shows.
/// <see cref="Pulls"/> is the decayed count of rewards applied (α + β − 2). <see cref="RewardSquares"/> is the
/// decayed Σ r² of the same rewards, from which <see cref="EvidenceWeight"/> learns how noisy rewards really are;
/// null for an arm written before it was kept (its noise is then unknown, and it counts as Bernoulli).
/// </summary>
public sealed record ArmState(ArmKey Key, double Alpha, double Beta, DateTimeOffset UpdatedAt)
{
    public const double PriorAlpha = 1;
    public const double PriorBeta = 1;

    public static ArmState Prior(ArmKey key, DateTimeOffset at) => new(key, PriorAlpha, PriorBeta, at) { RewardSquares = 0 };

    public double? RewardSquares { get; init; }

    public double Pulls => Alpha + Beta - PriorAlpha - PriorBeta;

    /// <summary>Σ r of the rewards applied (decayed).</summary>
    public double RewardSum => Alpha - PriorAlpha;

    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>The state as of <paramref name="now"/>, with the evidence decayed; no decay when <paramref name="halfLife"/> is null.</summary>
    public ArmState DecayedTo(DateTimeOffset now, TimeSpan? halfLife)
    {
        if (halfLife is not { } h || now <= UpdatedAt)
        {
            return this;
        }
        var factor = Math.Pow(2, -(now - UpdatedAt).TotalSeconds / h.TotalSeconds);
        return new ArmState(Key, PriorAlpha + (Alpha - PriorAlpha) * factor, PriorBeta + (Beta - PriorBeta) * factor, now)
        {
            RewardSquares = RewardSquares * factor,
        };
    }

    /// <summary>The fractional update of runbooks §9: α += r, β += 1 − r, after decaying to <paramref name="at"/>.</summary>
    public ArmState Update(double reward, DateTimeOffset at, TimeSpan? halfLife)
    {
        if (double.IsNaN(reward) || reward < 0 || reward > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "A reward is between 0 and 1.");
        }
        var decayed = DecayedTo(at, halfLife);
        return decayed with
        {
            Alpha = decayed.Alpha + reward,
            Beta = decayed.Beta + 1 - reward,
            RewardSquares = decayed.RewardSquares + reward * reward,
            UpdatedAt = at > UpdatedAt ? at : UpdatedAt,
        };
    }

    /// <summary>
    /// The posterior to sample from when each reward is worth <paramref name="weight"/> Bernoulli observations:
    /// Beta(1 + w·Σr, 1 + w·Σ(1 − r)). The stored α and β keep §9's rule; only the draw is sharpened.
    /// </summary>
    public (double Alpha, double Beta) Weighted(double weight) =>
        (PriorAlpha + weight * (Alpha - PriorAlpha), PriorBeta + weight * (Beta - PriorBeta));
}
