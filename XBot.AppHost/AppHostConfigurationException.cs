namespace XBot.AppHost;

/// <summary>
/// A setting or a missing prerequisite that stops the AppHost before it starts anything. Program prints its message
/// as one line and exits 2, rather than crashing with a stack trace: the message already says what to do.
/// </summary>
public sealed class AppHostConfigurationException(string message) : InvalidOperationException(message);
