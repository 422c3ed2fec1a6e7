using Npgsql;
using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>
/// A PostgreSQL server from the installed binaries, with its cluster in the AppHost's data folder.
/// The cluster is created on first start and kept, so data survives restarts of the AppHost.
/// </summary>
public sealed class PostgresServerResource : ProcessResource
{
    public const string SuperUser = "postgres";

    private readonly ParameterResource _password;
    private readonly int _port;
    private readonly List<PostgresDatabaseResource> _databases = [];
    private string? _binDirectory;

    internal PostgresServerResource(string name, ParameterResource password, DistributedApplicationBuilder builder) : base(name, builder)
    {
        _password = password;
        _port = builder.AllocatePort(name);
    }

    public override string Kind => "postgres";

    /// <summary>External when its databases are configured to live on a server the AppHost does not run.</summary>
    public override bool IsExternal => _databases.Count > 0 && _databases.All(d => d.IsExternal);

    public override string? Url => IsExternal ? "(configured)" : $"tcp://127.0.0.1:{_port}";

    internal override int? Port => IsExternal ? null : _port;

    public string ClusterRoot => Path.Combine(Builder.DataDirectory, "postgres");

    public string DataDirectory => Path.Combine(ClusterRoot, "data");

    public PostgresDatabaseResource AddDatabase(string name)
    {
        var database = new PostgresDatabaseResource(name, this, Builder);
        _databases.Add(database);
        Builder.Register(database);
        return database.WaitFor(this);
    }

    internal string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = SuperUser,
        Password = _password.Value,
        Database = database,
    }.ConnectionString;

    internal override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return;
        }

        _binDirectory = PostgresBinaries.Locate(Options.PostgresBinDirectory);
        Directory.CreateDirectory(ClusterRoot);
        await UnprivilegedUser.GiveAsync(Options.PostgresOsUser, ClusterRoot, cancellationToken);

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await StopOrphanedServerAsync();
            return;
        }

        Builder.Output.System($"creating the PostgreSQL cluster in {DataDirectory}");
        var passwordFile = Path.Combine(ClusterRoot, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, _password.Value, cancellationToken);
        try
        {
            await UnprivilegedUser.GiveAsync(Options.PostgresOsUser, passwordFile, cancellationToken);
            var (fileName, arguments) = UnprivilegedUser.Wrap(Options.PostgresOsUser, Path.Combine(_binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale"]);
            var (exitCode, output) = await ExecutableLocator.RunAsync(fileName, arguments, ClusterRoot, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed with exit code {exitCode}: {output.Trim()}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    internal override ProcessSpec CreateProcessSpec()
    {
        List<string> arguments = ["-D", DataDirectory, "-p", $"{_port}", "-h", "127.0.0.1", "-c", "unix_socket_directories="];
        if (Options.FastUnsafePostgres)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var (fileName, wrapped) = UnprivilegedUser.Wrap(Options.PostgresOsUser, Path.Combine(_binDirectory!, "postgres"), arguments);
        // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
        return new ProcessSpec(fileName, wrapped, ClusterRoot, BuildEnvironment(), Signals.SIGINT);
    }

    internal override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return await _databases[0].ProbeAsync(cancellationToken);
        }

        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false;Timeout=3");
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            throw new InvalidOperationException(
                $"the cluster in {DataDirectory} was created with another password. Restore Parameters:postgres-password in the AppHost's user secrets, or delete {DataDirectory} to start afresh.", ex);
        }

        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// A server left running by an AppHost that was killed would hold the data folder's lock; stop it
    /// so that this run owns the cluster.
    /// </summary>
    private async Task StopOrphanedServerAsync()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse((await File.ReadAllLinesAsync(pidFile)).FirstOrDefault(), out var pid)
            || !ProcessTree.IsAlive(pid)
            || !OperatingSystem.IsLinux()
            || (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim() != "postgres")
        {
            return;
        }

        Builder.Output.System($"stopping an orphaned PostgreSQL server (pid {pid}) left by an earlier run");
        Signals.Send(pid, Signals.SIGINT);
        using var timeout = new CancellationTokenSource(Options.StopTimeout);
        while (ProcessTree.IsAlive(pid) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
        }
        if (ProcessTree.IsAlive(pid))
        {
            Signals.Send(pid, Signals.SIGKILL);
        }
    }
}
