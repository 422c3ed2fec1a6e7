using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XBot.Api;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary>
/// The api exactly as Program builds it, on Kestrel at a free port, with the test's Redis, PostgreSQL and prefix.
/// <see cref="Client"/> carries the admin key; <see cref="Anonymous"/> carries none.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Key = "test-admin-key-0123456789abcdef0123456789";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, Uri address)
    {
        _app = app;
        Anonymous = new HttpClient { BaseAddress = address };
        Client = new HttpClient { BaseAddress = address };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public HttpClient Client { get; }

    public HttpClient Anonymous { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(StoreScope scope, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string environment = "Development")
    {
        var values = scope.Settings(settings);
        values["Admin:ApiKey"] = Key;
        var app = ApiApplication.Build([$"--environment={environment}"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, new Uri(address));
    }

    /// <summary>POSTs <paramref name="body"/> as JSON (or nothing) with the admin key.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string route, string? body) =>
        Client.PostAsync(route, body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The answer is a 400 problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task AssertBadRequestNamingAsync(HttpResponseMessage response, string field)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
