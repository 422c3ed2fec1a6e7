using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XBot.Core.Configuration;

namespace XBot.Core.Schema;

/// <summary>The guard said no: the host does not start.</summary>
public sealed class SchemaGuardException(SchemaGuardResult result) : Exception($"Schema guard: {result.Message}")
{
    public SchemaGuardResult Result { get; } = result;
}

/// <summary>
/// Runs the schema guard at start-up, in <see cref="StartingAsync"/>: before any hosted service starts
/// and before the web server listens, so an incompatible app never serves. <c>SKIP_SCHEMA_GUARD=true</c>
/// turns a failure into a warning.
/// </summary>
internal sealed class SchemaGuardService(SchemaGuardCheck check, XBotOptions options, ILogger<SchemaGuardService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.SkipSchemaGuard)
        {
            string outcome;
            try
            {
                outcome = (await check.EvaluateAsync(cancellationToken)).Message;
            }
            catch (Exception ex)
            {
                outcome = $"it could not be evaluated: {ex.Message}";
            }
            logger.LogWarning("SKIP_SCHEMA_GUARD=true: the schema guard is bypassed; starting regardless. {Outcome}", outcome);
            return;
        }

        var result = await check.EvaluateAsync(cancellationToken);
        if (!result.IsCompatible)
        {
            logger.LogCritical("Schema guard refused start-up ({Verdict}): {Message}", result.Verdict, result.Message);
            throw new SchemaGuardException(result);
        }
        logger.LogInformation("Schema guard: {Message}", result.Message);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
