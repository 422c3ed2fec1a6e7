namespace XBot.AppHost.Hosting.Processes;

/// <summary>Finds the folder that holds PostgreSQL's <c>initdb</c> and <c>postgres</c>.</summary>
public static class PostgresBinaries
{
    public const string InstallHelp =
        "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in the usual install folders. " +
        "Install them (Debian/Ubuntu: apt-get install -y postgresql; Fedora: dnf install postgresql-server; " +
        "macOS: brew install postgresql@16; Windows: the EDB installer), or set AppHost__PostgresBinDirectory " +
        "to the folder that holds initdb, or point ConnectionStrings__xbotdb at a server you run.";

    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"AppHost:PostgresBinDirectory is '{configured}', which holds no initdb and postgres. {InstallHelp}");
        }

        return Candidates().FirstOrDefault(HasServer) ?? throw new InvalidOperationException(InstallHelp);
    }

    private static IEnumerable<string> Candidates()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }

        // Newest version first: Debian/Ubuntu, Homebrew, Postgres.app, Windows installers, source builds.
        foreach (var pattern in new[]
                 {
                     ("/usr/lib/postgresql", "bin"),
                     ("/usr/pgsql-*", "bin"),
                     ("/opt/homebrew/opt", "bin"),
                     ("/usr/local/opt", "bin"),
                     (@"C:\Program Files\PostgreSQL", "bin"),
                 })
        {
            foreach (var versioned in VersionedFolders(pattern.Item1))
            {
                yield return Path.Combine(versioned, pattern.Item2);
            }
        }

        yield return "/Applications/Postgres.app/Contents/Versions/latest/bin";
        yield return "/usr/local/pgsql/bin";
    }

    private static IEnumerable<string> VersionedFolders(string root)
    {
        var parent = root.EndsWith('*') ? Path.GetDirectoryName(root)! : root;
        var prefix = root.EndsWith('*') ? Path.GetFileName(root).TrimEnd('*') : "";
        if (!Directory.Exists(parent))
        {
            return [];
        }

        return Directory.EnumerateDirectories(parent)
            .Where(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal)
                        && (prefix.Length > 0 || root != "/opt/homebrew/opt" && root != "/usr/local/opt" || Path.GetFileName(d).StartsWith("postgresql", StringComparison.Ordinal)))
            .OrderByDescending(d => VersionOf(Path.GetFileName(d)));
    }

    private static double VersionOf(string folder)
    {
        var digits = new string(folder.SkipWhile(c => !char.IsDigit(c)).TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return double.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;
    }

    private static bool HasServer(string directory)
    {
        var suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        return File.Exists(Path.Combine(directory, "initdb" + suffix)) && File.Exists(Path.Combine(directory, "postgres" + suffix));
    }
}
