namespace XBot.Core.Safety;

/// <summary>How risky a finding, or a whole text, is. A text with no findings is <see cref="Low"/>.</summary>
public enum RiskLevel
{
    Low = 0,
    Medium = 1,
    High = 2,
}
