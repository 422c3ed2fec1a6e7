namespace XBot.Core.Safety;

/// <summary>
/// One rule a text breaks. <see cref="Rule"/> is a name from <see cref="SafetyRules"/>; <see cref="Detail"/>
/// says what was found without repeating personal data or secrets, since verdicts are stored and shown.
/// </summary>
public sealed record SafetyReason(string Rule, string Detail, RiskLevel Risk);
