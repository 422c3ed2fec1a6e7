using System.CommandLine;
using XBot.Worker.Benchmarks;

namespace XBot.Worker.Cli;

/// <summary>
/// <c>benchmark</c> (runbooks §12): measures the hot path against raw baselines in the same run, on the
/// configured Redis and PostgreSQL but in a throwaway database and prefix, and prints the ratios.
/// </summary>
public static class BenchmarkCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var duration = new Option<double>("--duration") { Description = "Seconds per measurement (each is taken --rounds times; the median counts).", DefaultValueFactory = _ => BenchmarkSettings.Standard.Duration.TotalSeconds };
        var rounds = new Option<int>("--rounds") { Description = "How many times each measurement is taken.", DefaultValueFactory = _ => BenchmarkSettings.Standard.Rounds };
        var quick = new Option<bool>("--quick") { Description = $"A short run ({BenchmarkSettings.Quick.Duration.TotalSeconds} s, one round): checks that every row works; the figures are rough." };
        var save = new Option<FileInfo?>("--save") { Description = "Write the results as JSON to this file, for a later --compare." };
        var compare = new Option<FileInfo?>("--compare") { Description = "Also print the change against the results saved in this file." };

        var benchmark = new Command("benchmark", "Measure the hot path (rate limits, dedup plus store, config reads, scheduling cycles) against raw baselines.")
        {
            duration, rounds, quick, save, compare,
        };
        benchmark.SetAction((parse, ct) => context.RunAsync(parse, async (_, output, token) =>
        {
            var settings = parse.GetValue(quick)
                ? BenchmarkSettings.Quick
                : new BenchmarkSettings(TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(rounds));
            if (settings.Duration < TimeSpan.FromMilliseconds(50) || settings.Duration > TimeSpan.FromMinutes(10) || settings.Rounds is < 1 or > 20)
            {
                throw new CliException("--duration must be from 0.05 to 600 seconds and --rounds from 1 to 20.", 2);
            }
            // Read before anything runs, so that a bad file costs no measuring time.
            var before = parse.GetValue(compare) is { } file ? LoadOrThrow(file) : null;

            IReadOnlyList<BenchmarkRow> rows;
            await using (var sandbox = await BenchmarkSandbox.CreateAsync(context.Configuration, token))
            {
                rows = await new HotPathBenchmark(sandbox, settings, line => Console.Error.WriteLine(line)).RunAsync(token);
            }
            var report = new BenchmarkReport(DateTimeOffset.UtcNow, Environment.MachineName, Environment.ProcessorCount, settings.Duration.TotalSeconds, settings.Rounds, rows);
            if (parse.GetValue(save) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, report.ToJson(), token);
            }
            output.Result(report, report.ToTable() + (before is null ? "" : "\n\nchange since the saved run:\n" + report.CompareWith(before)));
            return 0;
        }, redis: true, database: true, ct));
        return [benchmark];
    }

    private static BenchmarkReport LoadOrThrow(FileInfo file)
    {
        try
        {
            return BenchmarkReport.Load(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliException($"--compare: {ex.Message}", 2);
        }
    }
}
