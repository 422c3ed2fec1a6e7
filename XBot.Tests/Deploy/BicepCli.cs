using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Deploy;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (tools/bicep), which the test project
/// references only to have it restored; it compiles, lints and evaluates templates offline.
/// </summary>
public static partial class BicepCli
{
    public static string RepositoryRoot => RepositoryLayout.FromBuild().Root;

    public static string MainTemplate => Path.Combine(RepositoryRoot, "infra", "main.bicep");

    public static string Executable
    {
        get
        {
            var package = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "XBot.BicepPackage").Value;
            Assert.False(string.IsNullOrEmpty(package), "The build did not record where the Azure.Bicep.CommandLine.linux-x64 package is.");
            var path = Path.Combine(package!, "tools", "bicep");
            Assert.True(File.Exists(path), $"The Bicep CLI is not at {path}; run dotnet restore.");
            // NuGet extracts the file with the owner's execute bit only; whoever runs the tests needs it.
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if (OperatingSystem.IsLinux() && (File.GetUnixFileMode(path) & execute) != execute)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | execute);
            }
            return path;
        }
    }

    /// <summary><c>bicep build FILE --stdout</c>: the ARM template, and the errors and warnings it printed.</summary>
    public static async Task<BicepBuild> BuildAsync(string file)
    {
        var result = await ToolProcess.RunAsync(Executable, ["build", file, "--stdout"], Path.GetDirectoryName(file)!);
        return new BicepBuild(result.ExitCode, result.Stdout, ParseDiagnostics(result.Stderr), result.Stderr);
    }

    /// <summary>
    /// <c>bicep snapshot</c>: every resource the template would deploy, with expressions evaluated where they don't
    /// depend on the live deployment (references) or on secure parameters, for the given parameter values.
    /// </summary>
    public static async Task<JsonObject> SnapshotAsync(string template, IReadOnlyDictionary<string, string> parameters)
    {
        var directory = Directory.CreateTempSubdirectory("xbot-bicep-");
        try
        {
            var parameterFile = Path.Combine(directory.FullName, "test.bicepparam");
            // A .bicepparam names its template by a relative path.
            var lines = parameters.Select(p => $"param {p.Key} = {p.Value}")
                .Prepend($"using '{Path.GetRelativePath(directory.FullName, template).Replace('\\', '/')}'");
            await File.WriteAllLinesAsync(parameterFile, lines);
            var result = await ToolProcess.RunAsync(Executable,
                ["snapshot", parameterFile, "--subscription-id", "00000000-0000-0000-0000-00000000000a", "--tenant-id", "00000000-0000-0000-0000-00000000000b", "--location", "westeurope"],
                directory.FullName);
            Assert.True(result.ExitCode == 0, result.ToString());
            return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory.FullName, "test.snapshot.json")))!.AsObject();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static IReadOnlyList<BicepDiagnostic> ParseDiagnostics(string output) =>
        DiagnosticLine().Matches(output)
            .Select(m => new BicepDiagnostic(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), m.Groups["level"].Value, m.Groups["code"].Value, m.Groups["message"].Value.Trim()))
            .ToList();

    // e.g. /repo/infra/main.bicep(12,7) : Warning no-unused-params: Parameter "x" is declared but never used. [https://...]
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[\w-]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}

public sealed record BicepBuild(int ExitCode, string Template, IReadOnlyList<BicepDiagnostic> Diagnostics, string Output);

public sealed record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public override string ToString() => $"{Path.GetFileName(File)}({Line}) {Level} {Code}: {Message}";
}
