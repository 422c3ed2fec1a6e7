using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.ServiceDefaults;

/// <summary>
/// A connection leaked inside a transaction (a driver fault, a bug) must not hold its row locks for the life of the
/// process: the services' sessions carry a server-side idle-in-transaction timeout that survives the pool's reset.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class IdleTransactionTimeoutTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_services_sessions_end_a_transaction_left_idle_and_keep_the_setting_across_pool_resets()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        using var host = Build(database.ConnectionString);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        // Twice through the pool: a SET would be undone by the reset when the connection goes back.
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SET TimeZone = 'UTC'; SHOW idle_in_transaction_session_timeout", connection);
            Assert.Equal("1min", await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Options_the_operator_gives_are_kept_and_their_own_timeout_wins()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        var given = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Options = "-c idle_in_transaction_session_timeout=5min -c application_name=ops",
        }.ConnectionString;
        using var host = Build(given);
        await using var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('idle_in_transaction_session_timeout') || ' ' || current_setting('application_name')", connection);

        Assert.Equal("5min ops", await command.ExecuteScalarAsync());
    }

    private static IHost Build(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:xbotdb"] = connectionString;
        builder.AddXBotNpgsqlDataSource("xbotdb");
        return builder.Build();
    }
}
