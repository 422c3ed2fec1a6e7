using System.Text.Json.Nodes;
using XBot.Core.Config;

namespace XBot.Core.Operations;

/// <summary>The runbooks' one-call switches: one flag set, and "everything off" (runbooks.md §6).</summary>
public sealed class FlagSwitches(ConfigStore config)
{
    /// <summary>Sets one flag to true, false or a rollout percentage; validated and audited as any config change.</summary>
    public async Task<ConfigChange> SetAsync(string name, JsonNode? value, string actor, CancellationToken cancellationToken)
    {
        var flags = (await config.GetAsync(BotConfigKeys.FeatureFlags, cancellationToken)).Value.DeepClone().AsObject();
        flags[name] = value?.DeepClone();
        return await config.SetAsync(BotConfigKeys.FeatureFlags, flags, actor, cancellationToken);
    }

    /// <summary>
    /// Every flag off and <c>post_fraction</c> to 0, each one audited write: the rollback promise of
    /// "everything off in under 2 minutes" as one call.
    /// </summary>
    public async Task<IReadOnlyList<ConfigChange>> AllOffAsync(string actor, CancellationToken cancellationToken)
    {
        var flags = (await config.GetAsync(BotConfigKeys.FeatureFlags, cancellationToken)).Value.AsObject();
        var off = new JsonObject();
        foreach (var (name, _) in flags)
        {
            off[name] = false;
        }
        var brake = await config.SetAsync(BotConfigKeys.PostFraction, JsonValue.Create(0), actor, cancellationToken);
        var flagsChange = await config.SetAsync(BotConfigKeys.FeatureFlags, off, actor, cancellationToken);
        return [brake, flagsChange];
    }
}
