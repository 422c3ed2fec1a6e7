using Microsoft.Extensions.Configuration;
using Npgsql;
using XBot.ServiceDefaults.Connections;

namespace XBot.Tests.ServiceDefaults;

public sealed class PostgresConnectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Keyword_connection_string_is_used_as_given()
    {
        var value = PostgresConnection.Resolve(Config(("ConnectionStrings:xbotdb", "Host=db;Port=5433;Username=u;Password=p;Database=xbotdb")), "xbotdb");

        var parsed = new NpgsqlConnectionStringBuilder(value);
        Assert.Equal(("db", 5433, "u", "p", "xbotdb"), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
    }

    [Theory]
    [InlineData("postgres://xbot:pa%3Ass@db.example.com:6543/xbotdb", "db.example.com", 6543, "xbot", "pa:ss", "xbotdb", SslMode.Prefer)]
    [InlineData("postgresql://xbot@localhost/xbotdb?sslmode=require", "localhost", 5432, "xbot", null, "xbotdb", SslMode.Require)]
    [InlineData("postgres://u:p@h:1/db?sslmode=verify-full&application_name=xbot", "h", 1, "u", "p", "db", SslMode.VerifyFull)]
    public void DATABASE_URL_is_converted(string url, string host, int port, string user, string? password, string database, SslMode ssl)
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnection.Resolve(Config(("DATABASE_URL", url)), "xbotdb"));

        Assert.Equal(host, parsed.Host);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(user, parsed.Username);
        Assert.Equal(password, parsed.Password);
        Assert.Equal(database, parsed.Database);
        Assert.Equal(ssl, parsed.SslMode);
    }

    [Fact]
    public void Connection_string_wins_over_DATABASE_URL()
    {
        var value = PostgresConnection.Resolve(
            Config(("ConnectionStrings:xbotdb", "Host=first;Database=a"), ("DATABASE_URL", "postgres://u@second/b")), "xbotdb");

        Assert.Equal("first", new NpgsqlConnectionStringBuilder(value).Host);
    }

    [Fact]
    public void Missing_setting_names_both_settings_with_examples()
    {
        var error = Assert.Throws<ConnectionSettingException>(() => PostgresConnection.Resolve(Config(), "xbotdb"));

        Assert.Contains("ConnectionStrings:xbotdb is not set", error.Message);
        Assert.Contains("ConnectionStrings__xbotdb", error.Message);
        Assert.Contains("DATABASE_URL", error.Message);
        Assert.Contains("Host=localhost", error.Message);
    }

    [Theory]
    [InlineData("ConnectionStrings:xbotdb", "Hots=db;Database=x", "malformed")]
    [InlineData("ConnectionStrings:xbotdb", "Database=x;Username=u", "has no Host")]
    [InlineData("DATABASE_URL", "mysql://u:p@h/db", "not a postgres:// URL")]
    [InlineData("DATABASE_URL", "postgres://u:p@h:5432/", "names no database")]
    [InlineData("DATABASE_URL", "postgres://u:p@h/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("DATABASE_URL", "postgres://u:p@h/db?pool=3", "'pool'")]
    public void Malformed_settings_are_refused_with_the_setting_named(string key, string value, string expected)
    {
        var error = Assert.Throws<ConnectionSettingException>(() => PostgresConnection.Resolve(Config((key, value)), "xbotdb"));

        Assert.Contains(expected, error.Message);
        Assert.Contains(key, error.Message);
    }
}
