using Microsoft.Extensions.Options;

namespace XBot.Core.Safety;

/// <summary>Start-up validation of <c>Safety</c>: every list, pattern, threshold and rule name, each error naming its key.</summary>
public sealed class SafetyOptionsValidator : IValidateOptions<SafetyOptions>
{
    public ValidateOptionsResult Validate(string? name, SafetyOptions options) =>
        SafetyRuleSet.TryBuild(options, out var errors) is not null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
