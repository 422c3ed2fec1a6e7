namespace XBot.AppHost.Hosting.Processes;

/// <summary>
/// PostgreSQL refuses to run as root (and CI runs as root), so as root its commands are wrapped in
/// <c>setpriv</c>, which switches user and then execs, leaving no wrapper process in between.
/// </summary>
public static class UnprivilegedUser
{
    public static bool IsNeeded => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public static (string FileName, IReadOnlyList<string> Arguments) Wrap(string user, string fileName, IReadOnlyList<string> arguments)
    {
        if (!IsNeeded)
        {
            return (fileName, arguments);
        }

        var setpriv = ExecutableLocator.FindOnPath("setpriv")
            ?? throw new InvalidOperationException("running as root needs setpriv (util-linux) to start PostgreSQL as an unprivileged user; install util-linux or run as a normal user.");
        return (setpriv, ["--reuid", user, "--regid", user, "--init-groups", "--", fileName, .. arguments]);
    }

    /// <summary>Gives <paramref name="path"/> (recursively) to <paramref name="user"/> when running as root.</summary>
    public static async Task GiveAsync(string user, string path, CancellationToken cancellationToken)
    {
        if (!IsNeeded)
        {
            return;
        }

        var (exitCode, output) = await ExecutableLocator.RunAsync("chown", ["-R", $"{user}:", path], "/", cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"could not give {path} to the user '{user}' that PostgreSQL runs as: {output.Trim()}. Create that user or set AppHost__PostgresOsUser to an existing unprivileged user.");
        }
    }
}
