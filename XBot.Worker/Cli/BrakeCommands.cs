using System.CommandLine;
using System.Text.Json.Nodes;
using XBot.Core.Config;

namespace XBot.Worker.Cli;

/// <summary><c>brake</c>: the runbooks' emergency brake, <c>post_fraction</c> to 0, audited; the next cycle posts nothing.</summary>
public static class BrakeCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var actorOption = new Option<string?>("--actor") { Description = "Who pulls the brake, for the audit log (default: cli:<user>)." };
        var brake = new Command("brake", "Emergency brake: set post_fraction to 0 (audited). The next scheduling cycle posts nothing.");
        brake.Options.Add(actorOption);
        brake.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var actor = parse.GetValue(actorOption) is { Length: > 0 } given ? given : $"cli:{Environment.UserName}";
            ConfigChange change;
            try
            {
                change = await services.GetRequiredService<ConfigStore>().SetAsync(BotConfigKeys.PostFraction, JsonValue.Create(0), actor, token);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, 2);
            }
            output.Result(new { ok = true, change.Key, change.Environment, old = change.OldValue, @new = change.NewValue, change.Changed },
                change.Changed
                    ? $"Brake on: post_fraction {change.OldValue?.ToJsonString() ?? "unset"} -> 0 in {change.Environment}, by {change.Actor}. The next cycle posts nothing."
                    : $"Brake already on: post_fraction is 0 in {change.Environment}.");
            return 0;
        }, redis: true, database: true, ct));
        return [brake];
    }
}
