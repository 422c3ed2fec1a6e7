using Npgsql;

namespace XBot.AppHost.Resources;

/// <summary>
/// The on-disk cluster of the AppHost's PostgreSQL: where the binaries are, <c>initdb</c> on first start, and the
/// unprivileged account the server runs as when the AppHost runs as root (PostgreSQL refuses root).
/// </summary>
public sealed class PostgresCluster(string root, string binDirectory, string osUser)
{
    public const string InstallHelp =
        "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in the usual install folders. " +
        "Install them (Debian/Ubuntu: apt-get install -y postgresql; Fedora: dnf install postgresql-server; " +
        "macOS: brew install postgresql@16), or set AppHost__PostgresBinDirectory to the folder that holds initdb, " +
        "or point ConnectionStrings__xbotdb at a server you run.";

    public string Root { get; } = root;

    public string DataDirectory => Path.Combine(Root, "data");

    public string BinDirectory { get; } = binDirectory;

    private static bool RunsAsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>The command and arguments that run <paramref name="program"/>, through setpriv when we are root.</summary>
    public (string Command, string[] Arguments) Command(string program, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        if (!RunsAsRoot)
        {
            return (path, arguments);
        }

        // setpriv switches user and then execs: no wrapper process stays between the orchestrator and the server.
        var setpriv = ExecutableLocator.FindOnPath("setpriv")
            ?? throw new AppHostConfigurationException("running as root needs setpriv (util-linux) to start PostgreSQL as an unprivileged user; install util-linux or run as a normal user.");
        return (setpriv, ["--reuid", osUser, "--regid", osUser, "--init-groups", "--", path, .. arguments]);
    }

    private string PasswordFile => Path.Combine(Root, "superuser-password");

    /// <summary>
    /// The superuser's password, generated with the cluster and kept in a file only its owner can read. A cluster
    /// made before the file existed keeps <paramref name="legacy"/>, the password it was made with.
    /// </summary>
    public string Password(string? legacy = null)
    {
        lock (this)
        {
            if (File.Exists(PasswordFile))
            {
                return File.ReadAllText(PasswordFile).Trim();
            }

            var password = File.Exists(Path.Combine(DataDirectory, "PG_VERSION")) && !string.IsNullOrEmpty(legacy)
                ? legacy
                : System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 32);
            Directory.CreateDirectory(Root);
            File.WriteAllText(PasswordFile, password);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return password;
        }
    }

    /// <summary>Creates the cluster on first start; stops a server an earlier, killed AppHost left holding it.</summary>
    public async Task PrepareAsync(string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        await GiveToServerUserAsync(Root, cancellationToken);

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await StopOrphanedServerAsync(cancellationToken);
            return;
        }

        var passwordFile = Path.Combine(Root, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            await GiveToServerUserAsync(passwordFile, cancellationToken);
            var (command, arguments) = Command("initdb",
                "-D", DataDirectory, "-U", PostgresServerResource.SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale");
            var (exitCode, output) = await ExecutableLocator.RunAsync(command, arguments, Root, cancellationToken);
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

    /// <summary>Opens a connection, turning a wrong password into an instruction rather than a stack trace.</summary>
    public async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"the cluster in {DataDirectory} was created with another password than the one in {PasswordFile}. Delete {Root} to start afresh.", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static string LocateBinaries(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new AppHostConfigurationException($"AppHost:PostgresBinDirectory is '{configured}', which holds no initdb and postgres. {InstallHelp}");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] versioned = ["/usr/lib/postgresql", "/opt/homebrew/opt", "/usr/local/opt"];
        var installed = versioned.Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => !d.Contains("/opt/", StringComparison.Ordinal) || Path.GetFileName(d).StartsWith("postgresql", StringComparison.Ordinal))
            .OrderByDescending(d => VersionOf(Path.GetFileName(d)))
            .Select(d => Path.Combine(d, "bin"));
        return onPath.Concat(installed).Append("/usr/local/pgsql/bin").FirstOrDefault(HasServer)
            ?? throw new AppHostConfigurationException(InstallHelp);
    }

    private static double VersionOf(string folder)
    {
        var digits = new string(folder.SkipWhile(c => !char.IsDigit(c)).TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return double.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;
    }

    private static bool HasServer(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private async Task GiveToServerUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot)
        {
            return;
        }

        var (exitCode, output) = await ExecutableLocator.RunAsync("chown", ["-R", $"{osUser}:", path], "/", cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"could not give {path} to the user '{osUser}' that PostgreSQL runs as: {output.Trim()}. Create that user or set AppHost__PostgresOsUser to an existing unprivileged user.");
        }
    }

    private async Task StopOrphanedServerAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse((await File.ReadAllLinesAsync(pidFile, cancellationToken)).FirstOrDefault(), out var pid)
            || !OperatingSystem.IsLinux()
            || !File.Exists($"/proc/{pid}/comm")
            || (await File.ReadAllTextAsync($"/proc/{pid}/comm", cancellationToken)).Trim() != "postgres")
        {
            return;
        }

        // SIGINT is PostgreSQL's fast shutdown.
        await ExecutableLocator.RunAsync("kill", ["-INT", $"{pid}"], "/", cancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (File.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
        if (File.Exists($"/proc/{pid}"))
        {
            await ExecutableLocator.RunAsync("kill", ["-KILL", $"{pid}"], "/", cancellationToken);
        }
    }
}
