using Microsoft.Extensions.Configuration;
using XBot.Worker.Cli;

namespace XBot.Tests.Infrastructure;

/// <summary>Runs the worker's CLI in-process with the given settings, capturing what it prints.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        await using var context = new CliContext(configuration, stdout, stderr);
        var exitCode = await WorkerCli.RunAsync(args, context);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
