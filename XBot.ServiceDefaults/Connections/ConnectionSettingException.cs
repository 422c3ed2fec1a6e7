namespace XBot.ServiceDefaults.Connections;

/// <summary>
/// A connection setting is missing or malformed. The message names the setting and shows an example,
/// because this is what an operator sees when a service refuses to start.
/// </summary>
public sealed class ConnectionSettingException(string message, Exception? inner = null)
    : InvalidOperationException(message, inner);
