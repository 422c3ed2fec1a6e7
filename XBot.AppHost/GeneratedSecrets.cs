using System.Security.Cryptography;

namespace XBot.AppHost;

public static class GeneratedSecrets
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>
    /// A secret parameter whose value is generated once and kept in the AppHost's user secrets. Unlike a persisted
    /// <c>GenerateParameterDefault</c>, nothing is generated or written when the value is configured (as tests do), so a
    /// test run never replaces a developer's secrets.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name, int length)
    {
#pragma warning disable ASPIREUSERSECRETS001 // Aspire's own way to keep a generated value in user secrets; marked experimental in 13.6.
        builder.UserSecretsManager.GetOrSetSecret(builder.Configuration, $"Parameters:{name}", () => RandomNumberGenerator.GetString(Alphabet, length));
#pragma warning restore ASPIREUSERSECRETS001
        return builder.AddParameter(name, secret: true);
    }
}
