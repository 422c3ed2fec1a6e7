namespace XBot.Core.Safety;

/// <summary>
/// The safety guard's decision on one text (runbooks §8): every reason, the aggregated risk, what
/// moderation said, and whether the text may be posted. Stored with the candidate.
/// </summary>
public sealed record SafetyVerdict(
    bool Allowed,
    RiskLevel Risk,
    IReadOnlyList<SafetyReason> Reasons,
    ModerationStatus Moderation)
{
    /// <summary>False when moderation was due but gave no answer: such a text never counts as safe.</summary>
    public bool Checked => Moderation != ModerationStatus.NotChecked;

    /// <summary>
    /// Aggregates <paramref name="reasons"/>: the risk is the highest reason's, raised one level when two
    /// or more Medium reasons (or three or more Low ones) add up. The text is allowed when that risk is
    /// below <paramref name="blockAt"/> and moderation, if due, answered.
    /// </summary>
    public static SafetyVerdict From(IReadOnlyList<SafetyReason> reasons, ModerationStatus moderation, RiskLevel blockAt)
    {
        var risk = AggregateRisk(reasons);
        var allowed = risk < blockAt && moderation is not (ModerationStatus.NotChecked or ModerationStatus.Flagged);
        return new SafetyVerdict(allowed, risk, reasons, moderation);
    }

    public static RiskLevel AggregateRisk(IReadOnlyList<SafetyReason> reasons)
    {
        if (reasons.Count == 0)
        {
            return RiskLevel.Low;
        }
        var highest = reasons.Max(r => r.Risk);
        var atHighest = reasons.Count(r => r.Risk == highest);
        return highest switch
        {
            RiskLevel.Medium when atHighest >= 2 => RiskLevel.High,
            RiskLevel.Low when atHighest >= 3 => RiskLevel.Medium,
            _ => highest,
        };
    }
}
