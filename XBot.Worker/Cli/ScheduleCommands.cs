using System.CommandLine;
using XBot.Core.Scheduling;

namespace XBot.Worker.Cli;

/// <summary><c>schedule test [--dry-run]</c>: one scheduling cycle, or its decision without its effects, printed on standard output.</summary>
public static class ScheduleCommands
{
    public const string ShadowLinePrefix = "SHADOW MODE - Would post: ";

    public static Command Create(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Decide and print only: change nothing in PostgreSQL or Redis and send nothing to X, whatever LIVE_POSTS says.",
        };
        var test = new Command("test", "Run exactly one scheduling cycle and print what it decided and why (--dry-run: decide only, change nothing).") { dryRun };
        test.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var dry = parse.GetValue(dryRun);
            var decision = dry
                ? await ActivatorUtilities.CreateInstance<DryRunCycle>(services).DecideAsync(token)
                : await services.GetRequiredService<SchedulingCycle>().RunOnceAsync(token);
            output.Result(dry ? new { dryRun = true, decision } : decision, Describe(decision, dry));
            return decision.Outcome is CycleOutcome.Failed or CycleOutcome.Unknown ? 1 : 0;
        }, redis: true, database: true, ct));
        return new Command("schedule", "The scheduler.") { test };
    }

    private static string Describe(CycleDecision decision, bool dryRun)
    {
        var lines = new List<string> { $"{(dryRun ? "DRY RUN (nothing changed) " : "")}{decision.Outcome}: {decision.Reason} ({(decision.Live ? "live" : "shadow")})" };
        // The line the worker logs in shadow mode; an operator running the verb sees it here. A dry run never posts, so it is shadow too.
        if (decision.Outcome == CycleOutcome.Shadowed && decision.Text is not null)
        {
            lines.Add(ShadowLinePrefix + decision.Text);
        }
        if (decision.Text is not null)
        {
            lines.Add($"  post #{decision.TweetRow}: {decision.Text}");
        }
        if (decision.Verdict is { } verdict)
        {
            lines.Add($"  safety: {(verdict.Allowed ? "allowed" : "refused")}, risk {verdict.Risk}");
        }
        if (decision.Gate is not null)
        {
            lines.Add($"  gate: {decision.Gate}");
        }
        lines.AddRange((decision.Scores ?? []).Take(5).Select(s => $"  score {s.Score:F3}  #{s.Id} {s.Topic}"));
        lines.AddRange((decision.Refusals ?? []).Select(r => $"  refused {r}"));
        lines.AddRange((decision.Reconciled ?? []).Select(r => $"  reconciled {r}"));
        return string.Join('\n', lines);
    }
}
