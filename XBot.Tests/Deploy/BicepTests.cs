namespace XBot.Tests.Deploy;

/// <summary><c>bicep build</c> of every template under infra/, offline: no errors, and no warning nobody accepted.</summary>
public sealed class BicepTests
{
    /// <summary>
    /// Warnings accepted on purpose, by code, each with the reason. Empty: today every warning fails the build.
    /// Add an entry only with a reason a reviewer can check; an entry whose warning no longer occurs fails too.
    /// </summary>
    private static readonly Dictionary<string, string> AcceptedWarnings = new();

    public static IEnumerable<string> TemplateFiles() =>
        Directory.GetFiles(Path.Combine(BicepCli.RepositoryRoot, "infra"), "*.bicep", SearchOption.AllDirectories)
            .Order()
            .Select(file => Path.GetRelativePath(BicepCli.RepositoryRoot, file));

    public static TheoryData<string> Templates() => new(TemplateFiles());

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_builds_offline_without_errors_or_unaccepted_warnings(string template)
    {
        var build = await BicepCli.BuildAsync(Path.Combine(BicepCli.RepositoryRoot, template));

        var unaccepted = build.Diagnostics.Where(d => d.Level == "Error" || (d.Level == "Warning" && !AcceptedWarnings.ContainsKey(d.Code))).ToList();
        Assert.True(unaccepted.Count == 0, $"bicep build {template}:\n{string.Join('\n', unaccepted)}");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("\"$schema\"", build.Template);
    }

    [Fact]
    public async Task Every_accepted_warning_still_occurs()
    {
        var codes = new HashSet<string>();
        foreach (var template in TemplateFiles())
        {
            var build = await BicepCli.BuildAsync(Path.Combine(BicepCli.RepositoryRoot, template));
            codes.UnionWith(build.Diagnostics.Select(d => d.Code));
        }

        Assert.Empty(AcceptedWarnings.Keys.Except(codes));
    }

    [Fact]
    public async Task The_check_sees_errors_and_warnings()
    {
        var directory = Directory.CreateTempSubdirectory("xbot-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "broken.bicep");
            await File.WriteAllTextAsync(file, """
                param unused string
                output plainNumber int = 'not a number'
                """);

            var build = await BicepCli.BuildAsync(file);

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains(build.Diagnostics, d => d is { Level: "Warning", Code: "no-unused-params", Line: 1 });
            Assert.Contains(build.Diagnostics, d => d is { Level: "Error", Line: 2 });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
