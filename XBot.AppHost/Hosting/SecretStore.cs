using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace XBot.AppHost.Hosting;

/// <summary>Where generated parameters are kept between runs.</summary>
public interface ISecretStore
{
    /// <summary>A hint for people: where to read the values.</summary>
    string Description { get; }

    void Set(string key, string value);
}

/// <summary>
/// The AppHost's user secrets (secrets.json under the user profile), the same file
/// <c>dotnet user-secrets</c> edits. Written directly because the tool's library is not a package.
/// </summary>
public sealed class UserSecretsStore(string userSecretsId) : ISecretStore
{
    private readonly string _path = PathHelper.GetSecretsPathFromSecretsId(userSecretsId);

    public string Description => "dotnet user-secrets list --project XBot.AppHost";

    public void Set(string key, string value)
    {
        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        var root = File.Exists(_path) && JsonNode.Parse(File.ReadAllText(_path)) is JsonObject existing ? existing : new JsonObject();
        root[key] = value;
        File.WriteAllText(_path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>Keeps generated values for one run only (tests).</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    public string Description => "the test's DistributedApplication.GetParameterValue";

    public void Set(string key, string value)
    {
    }
}
