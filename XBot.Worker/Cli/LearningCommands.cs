using System.CommandLine;
using System.Globalization;
using System.Text;
using XBot.Core.Learning;
using XBot.Core.Learning.Benchmark;
using XBot.Core.Posting.XApi;

namespace XBot.Worker.Cli;

/// <summary><c>learning test|rebuild|benchmark</c>: one learning cycle, rebuilding the arms from the posts, and the regret benchmark.</summary>
public static class LearningCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var test = new Command("test", "Collect engagement that is due (when X is configured), run one learning cycle, and print its summary.");
        test.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            CollectionReport? collection = null;
            if (services.GetRequiredService<IXApiClient>().IsConfigured)
            {
                collection = await services.GetRequiredService<EngagementCollector>().CollectOnceAsync(token);
            }
            var summary = await services.GetRequiredService<LearningCycle>().RunOnceAsync(token);
            var text = (collection is null
                    ? "engagement collection: skipped (no X credentials)\n"
                    : $"engagement collection: {collection.Due} due, {collection.Read} read, {collection.NotFound} deleted, {collection.Failed} failed, backfill success {collection.SuccessRate:P1}\n")
                + summary.Describe();
            output.Result(new { collection, summary }, text);
            return 0;
        }, redis: true, database: true, ct));

        var rebuild = new Command("rebuild", "Rebuild the bandit arms from the counted posts (PostgreSQL), then drop the Redis cache.");
        rebuild.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var arms = await services.GetRequiredService<LearningCycle>().RebuildAsync(token);
            output.Result(new { arms }, $"rebuilt {arms} arms from the posts");
            return 0;
        }, redis: true, database: true, ct));

        var seedOption = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 20261126 };
        var horizonOption = new Option<long>("--horizon") { Description = "T for the Bernoulli setting.", DefaultValueFactory = _ => 100_000 };
        var runsOption = new Option<int>("--runs") { Description = "Runs averaged per policy.", DefaultValueFactory = _ => 5 };
        var daysOption = new Option<int>("--days") { Description = "Days of the topic × hour setting.", DefaultValueFactory = _ => 365 };
        var benchmark = new Command("benchmark", "Regret benchmark (no database): ours, ours with decay, epsilon-greedy 0.2, uniform, Lai–Robbins bound. Prints a Markdown table.")
        {
            seedOption, horizonOption, runsOption, daysOption,
        };
        benchmark.SetAction((parse, ct) =>
        {
            var seed = parse.GetValue(seedOption);
            var horizon = parse.GetValue(horizonOption);
            var runs = parse.GetValue(runsOption);
            var days = parse.GetValue(daysOption);
            // Upper bounds too: past them a run takes hours, which is never what was meant.
            var problem =
                horizon is < 1_000 or > 10_000_000 ? $"--horizon must be a whole number from 1000 to 10000000; got {horizon}." :
                runs is < 1 or > 100 ? $"--runs must be a whole number from 1 to 100; got {runs}." :
                days is < 2 or > 3650 ? $"--days must be a whole number from 2 to 3650; got {days}." :
                null;
            if (problem is not null)
            {
                return Task.FromResult(context.Output.Error(problem, 2));
            }
            // The product's defaults (appsettings can change them; the benchmark measures what ships).
            var learning = new LearningOptions();
            var command = $"dotnet run --project XBot.Worker -c Release -- learning benchmark --seed {seed} --horizon {horizon} --runs {runs} --days {days}";
            var bernoulli = RegretBenchmark.Bernoulli(horizon, runs, seed, decayHalfLife: 20_000, weightCap: learning.EvidenceWeightCap);
            var realistic = RegretBenchmark.TopicHour(days, runs, seed, decayHalfLife: 17 * learning.HalfLife.TotalDays, weightCap: learning.EvidenceWeightCap);
            var text = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` (seed {seed}, {runs} runs averaged; Learning:EvidenceWeightCap {learning.EvidenceWeightCap}, Learning:HalfLife {learning.HalfLife.TotalDays} days)")
                .AppendLine()
                .Append(Format(bernoulli))
                .AppendLine()
                .Append(Format(realistic))
                .ToString();
            context.Output.Result(new { seed, command, bernoulli, realistic }, text.TrimEnd());
            return Task.FromResult(0);
        });

        return [new Command("learning", "The learning engine.") { test, rebuild, benchmark }];
    }

    private static string Format(RegretTable table)
    {
        var ours = table.Rows.Single(r => r.Policy == table.Ours);
        var epsilon = table.Rows.Single(r => r.Policy.StartsWith("epsilon", StringComparison.Ordinal));
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"**{table.Setting}**")
            .AppendLine()
            .Append("| T | " + string.Join(" | ", table.Rows.Select(r => r.Policy)) + " | Lai–Robbins bound | ours / bound | ours / ε-greedy |\n")
            .Append("|---:|" + string.Concat(table.Rows.Select(_ => "---:|")) + "---:|---:|---:|\n");
        for (var i = 0; i < table.Checkpoints.Count; i++)
        {
            var bound = table.Bound[i];
            text.Append(CultureInfo.InvariantCulture, $"| {table.Checkpoints[i]:N0} | ")
                .Append(string.Join(" | ", table.Rows.Select(r => r.Regret[i].ToString("0.0", CultureInfo.InvariantCulture))))
                .Append(CultureInfo.InvariantCulture, $" | {(bound is { } b ? b.ToString("0.0", CultureInfo.InvariantCulture) : "n/a")}")
                .Append(CultureInfo.InvariantCulture, $" | {(bound is { } b2 ? (ours.Regret[i] / b2).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")}")
                .Append(CultureInfo.InvariantCulture, $" | {(ours.Regret[i] / epsilon.Regret[i]).ToString("0.00", CultureInfo.InvariantCulture)} |\n");
        }
        return text.ToString();
    }
}
