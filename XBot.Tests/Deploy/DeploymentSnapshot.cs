using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XBot.Tests.Deploy;

/// <summary>
/// What infra/main.bicep would deploy (<c>bicep snapshot</c>), with every optional credential given. Expressions that
/// depend on the live deployment or on a secure parameter stay as ARM expression text; the accessors read both forms.
/// </summary>
public sealed partial class DeploymentSnapshot : IAsyncLifetime
{
    public static readonly Dictionary<string, string> Parameters = new()
    {
        ["environmentName"] = "'xbot-test'",
        ["location"] = "'westeurope'",
        ["principalId"] = "'00000000-0000-0000-0000-000000000001'",
        ["adminApiKey"] = "'test-admin-api-key-test-admin-api-key'",
        ["adminPassword"] = "'test-admin-password'",
        ["postgresPassword"] = "'test-postgres-password'",
        ["twitterApiKey"] = "'k'",
        ["twitterApiSecret"] = "'s'",
        ["twitterAccessToken"] = "'t'",
        ["twitterAccessTokenSecret"] = "'ts'",
        ["twitterBearerToken"] = "'b'",
        ["openAiApiKey"] = "'o'",
    };

    public JsonObject Snapshot { get; private set; } = default!;

    /// <summary>The compiled ARM template (<c>bicep build</c>).</summary>
    public JsonObject Template { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Snapshot = await BicepCli.SnapshotAsync(BicepCli.MainTemplate, Parameters);
        var build = await BicepCli.BuildAsync(BicepCli.MainTemplate);
        Assert.True(build.ExitCode == 0, build.Output);
        Template = JsonNode.Parse(build.Template)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public IEnumerable<JsonObject> Resources(string type) =>
        Snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).Where(r => (string)r["type"]! == type);

    public JsonObject Resource(string type, string name) =>
        Resources(type).SingleOrDefault(r => (string)r["name"]! == name) ?? throw new Xunit.Sdk.XunitException($"No {type} named {name} in the snapshot.");

    public JsonObject ContainerApp(string name) => Resource("Microsoft.App/containerApps", name);

    public static JsonObject Container(JsonObject appOrJob) =>
        appOrJob["properties"]!["template"]!["containers"]!.AsArray().Single()!.AsObject();

    /// <summary>A container's environment variables: name, whether it is a secretRef, and its value or secret name.</summary>
    public static IReadOnlyList<EnvironmentEntry> Environment(JsonObject container) => Entries(container["env"], "value", "secretRef", whole: false)
        .Select(e => new EnvironmentEntry(e.Name, e.Kind == "secretRef", e.Text))
        .ToList();

    /// <summary>
    /// An app's or job's secrets: name, the key that gives its value (keyVaultUrl, or value for a plain one), the text
    /// of the whole entry (its vault URL and identity), and whether the snapshot could evaluate the list.
    /// </summary>
    public static IReadOnlyList<SecretEntry> Secrets(JsonObject appOrJob)
    {
        var node = appOrJob["properties"]!["configuration"]!["secrets"];
        return Entries(node, "value", "keyVaultUrl", whole: true)
            .Select(e => new SecretEntry(e.Name, e.Kind == "keyVaultUrl", e.Text, Evaluated: node is JsonArray))
            .ToList();
    }

    private static List<(string Name, string Kind, string Text)> Entries(JsonNode? node, string first, string second, bool whole)
    {
        switch (node)
        {
            case null:
                return [];
            case JsonArray array:
                return array.Select(e => e!.AsObject())
                    .Select(e => (
                        (string)e["name"]!,
                        e.ContainsKey(second) ? second : first,
                        whole ? string.Join(' ', e.Select(p => p.Value?.ToString())) : (e[second] ?? e[first])?.ToString() ?? ""))
                    .ToList();
            default:
                // An unevaluated expression such as [concat(createArray(createObject('name', 'X', 'secretRef', 'x')), if(...))].
                return CreateObject().Matches(node.ToString())
                    .Select(m => (m.Groups["name"].Value, m.Groups["kind"].Value, Text: m.Groups["rest"].Value))
                    .Where(e => e.Item2 == first || e.Item2 == second)
                    .Select(e => (e.Item1, e.Item2, whole ? e.Text : Literal(e.Text)))
                    .ToList();
        }
    }

    // The leading string literal of an expression fragment ('worker'), ... gives worker); anything else as it is.
    private static string Literal(string fragment) =>
        fragment.StartsWith('\'') ? fragment[1..fragment.IndexOf('\'', 1)] : fragment;

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', '(?<kind>\w+)', (?<rest>.*?)(?=createObject\(|$)", RegexOptions.Singleline)]
    private static partial Regex CreateObject();
}

public sealed record EnvironmentEntry(string Name, bool IsSecretRef, string Text);

public sealed record SecretEntry(string Name, bool IsVaultReference, string Text, bool Evaluated);
