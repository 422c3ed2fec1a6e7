namespace XBot.XSimulator.Apis;

/// <summary>Endpoint metadata: which X endpoint (one of XBot.Core's XEndpoints keys) a route plays.</summary>
public sealed record SimEndpoint(string Key);
