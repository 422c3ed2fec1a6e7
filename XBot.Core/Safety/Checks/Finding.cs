namespace XBot.Core.Safety.Checks;

/// <summary>What one check found: the rule it breaks and a description safe to store and show.</summary>
public readonly record struct Finding(string Rule, string Detail);
