using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Core.Schema;

/// <summary>Reads the database's <c>schema_version</c> and evaluates the guard against the app's version.</summary>
public sealed class SchemaGuardCheck(NpgsqlDataSource dataSource, XBotOptions options, MigrationCatalogue catalogue)
{
    /// <summary><c>APP_SCHEMA_VERSION</c> when set, else the newest migration this build carries.</summary>
    public SchemaVersion AppVersion =>
        options.AppSchemaVersion is { } configured
            ? SchemaVersion.Parse(configured, "APP_SCHEMA_VERSION")
            : catalogue.Newest ?? throw new SchemaOperationException("this build has no migrations, so it has no schema version; set APP_SCHEMA_VERSION.");

    public async Task<SchemaGuardResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var app = AppVersion;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await SchemaVersionSetting.ReadAsync(connection, cancellationToken);
        if (stored is null)
        {
            return SchemaGuard.Evaluate(app, null);
        }
        return SchemaVersion.TryParse(stored, out var database)
            ? SchemaGuard.Evaluate(app, database)
            : throw new SchemaOperationException(
                $"bot_config schema_version is '{stored}', which is not major.minor.patch; run db drift, then db migrate or db baseline to set it.");
    }
}
