using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.ServiceDefaults;

/// <summary>A request whose URL is a secret (an alert webhook) leaves no trace span; any other request does.</summary>
public sealed class TelemetryPrivacyTests
{
    [Fact]
    public async Task A_request_marked_untraced_exports_no_span_and_its_url_goes_nowhere()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost("/{**path}", () => "ok"));
        var exported = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported));
        using var host = builder.Build();
        await host.StartAsync();
        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using (var plain = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/plain")))
        {
            (await http.SendAsync(plain)).EnsureSuccessStatusCode();
        }
        using (var secret = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/services/T000/B000/secret-token")))
        {
            secret.Options.Set(new HttpRequestOptionsKey<bool>(ServiceDefaultsExtensions.UntracedRequestOption), true);
            (await http.SendAsync(secret)).EnsureSuccessStatusCode();
        }
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        await host.StopAsync();

        var urls = exported.Where(a => a.Kind == ActivityKind.Client).Select(a => a.GetTagItem("url.full") as string).ToList();
        Assert.Contains(urls, u => u?.EndsWith("/plain", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(urls, u => u?.Contains("secret-token", StringComparison.Ordinal) == true);
    }
}
