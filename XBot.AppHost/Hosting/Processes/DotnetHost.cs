namespace XBot.AppHost.Hosting.Processes;

/// <summary>The dotnet host that runs the services: the one running us when it is dotnet, else dotnet on PATH.</summary>
public static class DotnetHost
{
    public static string Path { get; } = Resolve();

    private static string Resolve()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var current = Environment.ProcessPath;
        if (current is not null && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
    }
}
