using YamlDotNet.RepresentationModel;

namespace XBot.Tests.Deploy;

/// <summary>
/// The release workflows run the same commands as .ci/run and the README, and the promote workflow has its gates.
/// GitHub can't run here, so these read the workflow files as YAML.
/// </summary>
public sealed class ReleaseWorkflowTests
{
    [Fact]
    public void PR_gate_runs_the_READMEs_test_command_and_the_schema_checks_against_service_containers()
    {
        var job = Job("pr.yml", "gate");
        var runs = Runs(job);
        var testCommand = File.ReadLines(Path.Combine(BicepCli.RepositoryRoot, ".ci", "run")).Last(l => l.Trim().Length > 0).Trim();

        Assert.Equal("bash eng/test.sh", testCommand);
        Assert.Contains("```bash\n" + testCommand + "\n```", File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "README.md")));
        Assert.Contains(testCommand, runs);
        Assert.Contains(runs, r => r.EndsWith("-- db shadow", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("-- db drift", StringComparison.Ordinal));
        var services = (YamlMappingNode)job["services"];
        Assert.StartsWith("postgres:", services["postgres"]["image"].ToString());
        Assert.StartsWith("redis:", services["redis"]["image"].ToString());
        Assert.Contains("pull_request", ((YamlMappingNode)Workflow("pr.yml")["on"]).Children.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Promote_needs_a_typed_confirmation_and_an_approved_environment_then_migrates_deploys_smoke_tests_and_can_roll_back()
    {
        var workflow = Workflow("promote.yml");
        var inputs = (YamlMappingNode)workflow["on"]["workflow_dispatch"]["inputs"];
        var confirm = string.Join('\n', Runs(Job("promote.yml", "confirm")));
        var promote = Job("promote.yml", "promote");
        var runs = Runs(promote);

        Assert.Equal("true", inputs["confirm"]["required"].ToString());
        Assert.Contains("\"$CONFIRM\" != \"promote $TARGET\"", confirm);
        Assert.Equal("confirm", promote["needs"].ToString());
        Assert.Equal("${{ inputs.environment }}", promote["environment"].ToString());

        var order = new[] { "bash scripts/run-job.sh \"$AZURE_RESOURCE_GROUP\" \"$MIGRATE_JOB_NAME\"", "azd deploy --all --no-prompt", "bash scripts/run-job.sh \"$AZURE_RESOURCE_GROUP\" \"$SMOKE_JOB_NAME\"", "az containerapp revision copy" };
        var positions = order.Select(command => runs.FindIndex(r => r.Contains(command, StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        var rollback = ((YamlSequenceNode)promote["steps"]).Cast<YamlMappingNode>().Single(s => s.Children.ContainsKey("name") && s["name"].ToString().StartsWith("Roll back", StringComparison.Ordinal));
        Assert.StartsWith("failure()", rollback["if"].ToString());
        Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryRoot, "scripts", "run-job.sh")));
    }

    private static YamlMappingNode Workflow(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, ".github", "workflows", file))));
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlMappingNode Job(string file, string job) => (YamlMappingNode)Workflow(file)["jobs"][job];

    /// <summary>Every line of every <c>run:</c> step, in order.</summary>
    private static List<string> Runs(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>()
            .Where(step => step.Children.ContainsKey("run"))
            .SelectMany(step => step["run"].ToString().Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToList();
}
