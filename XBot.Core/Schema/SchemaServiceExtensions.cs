using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Schema;

namespace Microsoft.Extensions.Hosting;

public static class SchemaServiceExtensions
{
    /// <summary>The migration catalogue, runner, drift and shadow checks and the guard check (no start-up hook).</summary>
    public static IServiceCollection AddSchema(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => MigrationCatalogue.Embedded);
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<SchemaDrift>();
        services.TryAddSingleton<SchemaShadowTest>();
        services.TryAddSingleton<SchemaGuardCheck>();
        return services;
    }

    /// <summary>
    /// Fails start-up when the database's schema is incompatible with the app (runbooks.md §7). For the
    /// api and the worker only: the CLI must run without it, since it is how a database gets migrated.
    /// </summary>
    public static IServiceCollection AddSchemaGuard(this IServiceCollection services)
    {
        services.AddSchema();
        services.AddHostedService<SchemaGuardService>();
        return services;
    }
}
