namespace XBot.Core.Storage.Redis;

/// <summary>Redis could not be used for an operation that needs it (not connected, failed, or switched off).</summary>
public sealed class RedisUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
