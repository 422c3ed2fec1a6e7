using System.Security.Cryptography;

namespace XBot.AppHost.Hosting;

/// <summary>
/// A value the stack needs, such as a generated password. As in Aspire, it is read from
/// <c>Parameters:{name}</c> and, when absent, generated once and kept in the AppHost's user secrets.
/// </summary>
public sealed class ParameterResource(string name, string value, bool secret)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public string Name { get; } = name;

    public string Value { get; } = value;

    public bool Secret { get; } = secret;

    public string ConfigurationKey => $"Parameters:{Name}";

    public static string Generate(int length = 24) => RandomNumberGenerator.GetString(Alphabet, length);

    public override string ToString() => Secret ? "*****" : Value;
}
