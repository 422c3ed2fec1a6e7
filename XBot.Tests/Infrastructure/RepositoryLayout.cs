using System.Diagnostics;
using System.Reflection;

namespace XBot.Tests.Infrastructure;

/// <summary>Where the repository and the services' build output are, recorded by the test project's build.</summary>
public sealed record RepositoryLayout(string Root, string Configuration, string TargetFramework)
{
    public static RepositoryLayout FromBuild()
    {
        var metadata = typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value ?? "");
        return new RepositoryLayout(metadata["XBot.RepositoryRoot"], metadata["XBot.Configuration"], metadata["XBot.TargetFramework"]);
    }

    public string ProjectDirectory(string project) => Path.Combine(Root, project);

    public string ProjectOutput(string project) =>
        Path.Combine(Root, project, "bin", Configuration, TargetFramework, project + ".dll");

    /// <summary>How to run a project's build output as people do (<c>dotnet X.dll args</c>, in its folder), output captured.</summary>
    public ProcessStartInfo StartInfo(string project, params IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectDirectory(project),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(ProjectOutput(project));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }
}
