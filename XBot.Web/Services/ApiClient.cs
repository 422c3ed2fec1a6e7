namespace XBot.Web.Services;

/// <summary>The console's typed client for the api, found through service discovery.</summary>
public sealed class ApiClient(HttpClient http)
{
    public Task<ApiStatus?> GetStatusAsync(CancellationToken cancellationToken = default) =>
        http.GetFromJsonAsync<ApiStatus>("/api/about", cancellationToken);
}

public sealed record ApiStatus(string Service, string Environment, string Version, DateTimeOffset Now);
