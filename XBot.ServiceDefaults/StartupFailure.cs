using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.ServiceDefaults.Connections;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service that can't start because of its settings, or because PostgreSQL does not answer, says so in one line
/// and exits non-zero, instead of crashing with a stack trace that buries the one sentence that matters. Anything
/// else is a bug, and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>Exit code of a service refused by its settings.</summary>
    public const int Configuration = 2;

    /// <summary>
    /// Exit code of a service whose database did not answer at start, or whose address another process holds: the
    /// settings may be right, and a restart can succeed (its orchestrator restarts it).
    /// </summary>
    public const int Unavailable = 1;

    /// <summary>
    /// The line and exit code for <paramref name="exception"/>, or null when it is not a settings or connection
    /// problem. <paramref name="isConfiguration"/> adds the service's own settings exceptions.
    /// </summary>
    public static (string Message, int ExitCode)? Describe(Exception exception, Func<Exception, bool>? isConfiguration = null)
    {
        var ex = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return ex switch
        {
            ConnectionSettingException => (ex.Message, Configuration),
            OptionsValidationException options => (string.Join(" ", options.Failures), Configuration),
            // The configuration binder's own error ("Failed to convert configuration value 'abc' at 'X:Y' to type ...").
            InvalidOperationException when ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
                (ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message, Configuration),
            IOException { InnerException: AddressInUseException } =>
                ($"{ex.Message} Stop what uses it, or give this service another address: ASPNETCORE_URLS (ASPNETCORE_HTTP_PORTS in a container).", Unavailable),
            NpgsqlException { IsTransient: true } => ($"PostgreSQL did not answer: {ex.Message}", Unavailable),
            _ when isConfiguration?.Invoke(ex) == true => (ex.Message, Configuration),
            _ => null,
        };
    }

    /// <summary>Writes the line to standard error and returns the exit code.</summary>
    public static int Report((string Message, int ExitCode) failure)
    {
        Console.Error.WriteLine($"error: {failure.Message}");
        return failure.ExitCode;
    }
}
