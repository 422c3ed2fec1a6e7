namespace XBot.Core.Learning;

/// <summary>
/// One arm's Beta posterior, Beta(α, β), with the uniform prior Beta(1, 1). Discounted Thompson sampling:
/// the evidence above the prior halves every <c>halfLife</c>, so that old tastes fade and a drift shows.
/// <see cref="Pulls"/> is the decayed count of rewards applied (α + β − 2).
/// </summary>
public sealed record ArmState(ArmKey Key, double Alpha, double Beta, DateTimeOffset UpdatedAt)
{
    public const double PriorAlpha = 1;
    public const double PriorBeta = 1;

    public static ArmState Prior(ArmKey key, DateTimeOffset at) => new(key, PriorAlpha, PriorBeta, at);

    public double Pulls => Alpha + Beta - PriorAlpha - PriorBeta;

    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>The state as of <paramref name="now"/>, with the evidence decayed; no decay when <paramref name="halfLife"/> is null.</summary>
    public ArmState DecayedTo(DateTimeOffset now, TimeSpan? halfLife)
    {
        if (halfLife is not { } h || now <= UpdatedAt)
        {
            return this;
        }
        var factor = Math.Pow(2, -(now - UpdatedAt).TotalSeconds / h.TotalSeconds);
        return new ArmState(Key, PriorAlpha + (Alpha - PriorAlpha) * factor, PriorBeta + (Beta - PriorBeta) * factor, now);
    }

    /// <summary>The fractional update of runbooks §9: α += r, β += 1 − r, after decaying to <paramref name="at"/>.</summary>
    public ArmState Update(double reward, DateTimeOffset at, TimeSpan? halfLife)
    {
        if (double.IsNaN(reward) || reward < 0 || reward > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "A reward is between 0 and 1.");
        }
        var decayed = DecayedTo(at, halfLife);
        return decayed with { Alpha = decayed.Alpha + reward, Beta = decayed.Beta + 1 - reward, UpdatedAt = at > UpdatedAt ? at : UpdatedAt };
    }
}
