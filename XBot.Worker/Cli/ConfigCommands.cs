using System.CommandLine;
using XBot.Core.Config;
using XBot.Core.Operations;

namespace XBot.Worker.Cli;

/// <summary>
/// <c>config get [KEY]</c>, <c>config set KEY VALUE</c>, <c>flags list</c>, <c>flags off</c> and <c>health</c>: the
/// runbooks' config and flag operations (§2.2, §6) and the §10 one-liner, the same as the api's routes.
/// </summary>
public static class ConfigCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var actorOption = new Option<string?>("--actor") { Description = "Who makes the change, for the audit log (default: cli:<user>)." };
        string Actor(ParseResult parse) => parse.GetValue(actorOption) is { Length: > 0 } given ? given : $"cli:{Environment.UserName}";

        var keyArgument = new Argument<string?>("KEY") { Description = "One key of bot_config; all keys when left out.", Arity = ArgumentArity.ZeroOrOne };
        var get = new Command("get", "Show bot_config's effective values, with their source (default, database, environment) and allowed range.") { keyArgument };
        get.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var config = services.GetRequiredService<ConfigStore>();
            IReadOnlyList<ConfigEntry> entries;
            try
            {
                entries = parse.GetValue(keyArgument) is { } key
                    ? [await config.GetAsync(key, token)]
                    : [.. (await config.GetAllAsync(token)).Values.OrderBy(e => e.Key, StringComparer.Ordinal)];
            }
            catch (ConfigValidationException ex)
            {
                throw new CliException(ex.Message, 2);
            }
            var width = entries.Max(e => e.Key.Length);
            output.Result(
                entries.Select(e => new { e.Key, e.Environment, e.Value, source = e.Source.ToString().ToLowerInvariant(), e.UpdatedAt, allowed = BotConfigKeys.Get(e.Key).Allowed }),
                string.Join(Environment.NewLine, entries.Select(e => $"{e.Key.PadRight(width)}  {e.Value.ToJsonString()}  ({e.Source.ToString().ToLowerInvariant()}; {BotConfigKeys.Get(e.Key).Allowed})")));
            return 0;
        }, redis: true, database: true, ct));

        var setKey = new Argument<string>("KEY") { Description = "The bot_config key." };
        var setValue = new Argument<string>("VALUE") { Description = "The new value as JSON: 0.3, true, [2,3,4], {\"daily\":17,\"hourly\":4}." };
        var set = new Command("set", "Change one bot_config key within its range (audited with who, old and new). Out of range: refused, nothing changed.") { setKey, setValue, actorOption };
        set.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var key = parse.GetValue(setKey)!;
            ConfigChange change;
            try
            {
                change = await services.GetRequiredService<ConfigStore>().SetAsync(key, BotConfigKeys.ParseValue(key, parse.GetValue(setValue)!), Actor(parse), token);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, 2);
            }
            output.Result(new { ok = true, change.Key, change.Environment, old = change.OldValue, @new = change.NewValue, change.Changed, change.Actor },
                change.Changed
                    ? $"{change.Key}: {change.OldValue?.ToJsonString() ?? "unset"} -> {change.NewValue.ToJsonString()} in {change.Environment}, by {change.Actor}."
                    : $"{change.Key} is already {change.NewValue.ToJsonString()} in {change.Environment}; nothing changed.");
            return 0;
        }, redis: true, database: true, ct));

        var list = new Command("list", "Every feature flag with its value, rollout percentage and source (as GET /health/features).");
        list.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var flags = await services.GetRequiredService<FeatureFlagReport>().ReadAsync(token);
            var width = flags.Max(f => f.Name.Length);
            output.Result(flags, string.Join(Environment.NewLine, flags.Select(f =>
                $"{f.Name.PadRight(width)}  {(f.Enabled ? "on " : "off")}  {f.RolloutPercent,3}%  {f.Source.ToString().ToLowerInvariant()}")));
            return 0;
        }, redis: true, database: true, ct));

        var off = new Command("off", "Everything off in one call: every feature flag false and post_fraction 0 (audited).") { actorOption };
        off.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            IReadOnlyList<ConfigChange> changes;
            try
            {
                changes = await services.GetRequiredService<FlagSwitches>().AllOffAsync(Actor(parse), token);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, 2);
            }
            output.Result(changes.Select(c => new { c.Key, old = c.OldValue, @new = c.NewValue, c.Changed, c.Actor }),
                $"Everything off in {changes[0].Environment}: post_fraction 0 and every feature flag false, by {changes[0].Actor}.");
            return 0;
        }, redis: true, database: true, ct));

        var health = new Command("health", "The health one-liner of runbooks.md §10, exactly. Exit 1 when not HEALTHY.");
        health.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var figures = await services.GetRequiredService<HealthProbe>().ReadAsync(token);
            var line = HealthLine.Format(figures);
            output.Result(new { line, figures.Status, figures.RedisOk, figures.DatabaseOk, figures.QueueDepth, figures.Bandits, figures.LastPostAt, figures.PostsLastHour }, line);
            return figures.Status == "HEALTHY" ? 0 : 1;
        }, redis: true, database: true, ct));

        return
        [
            new Command("config", "bot_config: read and change the runtime settings.") { get, set },
            new Command("flags", "Feature flags: list them, or switch everything off.") { list, off },
            health,
        ];
    }
}
