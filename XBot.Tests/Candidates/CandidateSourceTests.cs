using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Candidates;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Candidates;

public sealed class CandidateSourceTests
{
    private const string Rss = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link><description>d</description>
          <item><title>Older post about retries</title><link>https://blog.example/retries</link><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>
          <item><title>Newest post on circuit breakers</title><link>https://blog.example/breakers</link><pubDate>Tue, 06 Jan 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><id>urn:news</id><updated>2026-01-06T10:00:00Z</updated>
          <entry><title>Atom entry on SLOs</title><id>urn:1</id><updated>2026-01-06T09:00:00Z</updated><link href="https://news.example/slo"/></entry>
        </feed>
        """;

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-01-07T12:00:00Z")));
        services.AddCandidates(configuration);
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static ICandidateSource Source(ServiceProvider services, string name) =>
        services.GetServices<ICandidateSource>().Single(s => s.Name == name);

    [Fact]
    public async Task Templates_work_offline_with_built_in_topics()
    {
        using var services = Services([]);

        var drafts = await Source(services, "templates").GenerateAsync(30, CancellationToken.None);

        Assert.Equal(30, drafts.Count);
        Assert.All(drafts, d => Assert.Equal("templates", d.Source));
        Assert.All(drafts, d => Assert.DoesNotContain("{", d.Text));
        Assert.Equal(30, drafts.Select(d => d.Text).Distinct().Count());
        Assert.Subset(new HashSet<string> { "dotnet", "observability", "reliability" }, drafts.Select(d => d.Topic).ToHashSet());
    }

    [Fact]
    public async Task Templates_use_the_configured_topics()
    {
        using var services = Services(new()
        {
            ["Candidates:Topics:0:Name"] = "kubernetes",
            ["Candidates:Topics:0:Templates:0"] = "Something true about {topic}. {hashtag}",
        });

        var drafts = await Source(services, "templates").GenerateAsync(3, CancellationToken.None);

        // One template is one post: offered once, not three times.
        var draft = Assert.Single(drafts);
        Assert.Equal(("kubernetes", "Something true about kubernetes. #kubernetes"), (draft.Topic, draft.Text));
    }

    [Fact]
    public async Task Rss_and_atom_feeds_become_drafts_and_a_broken_feed_is_skipped()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/rss", () => Results.Text(Rss, "application/rss+xml", Encoding.UTF8));
            app.MapGet("/atom", () => Results.Text(Atom, "application/atom+xml", Encoding.UTF8));
            app.MapGet("/broken", () => Results.Text("<rss><channel>", "application/rss+xml"));
        });
        using var services = Services(new()
        {
            ["Candidates:Rss:Feeds:0:Url"] = new Uri(server.BaseAddress, "rss").ToString(),
            ["Candidates:Rss:Feeds:0:Topic"] = "reliability",
            ["Candidates:Rss:Feeds:1:Url"] = new Uri(server.BaseAddress, "broken").ToString(),
            ["Candidates:Rss:Feeds:2:Url"] = new Uri(server.BaseAddress, "atom").ToString(),
            ["Candidates:Rss:Feeds:2:Topic"] = "observability",
        });

        var drafts = await Source(services, "rss").GenerateAsync(6, CancellationToken.None);

        Assert.Equal(
            [
                "Newest post on circuit breakers https://blog.example/breakers",
                "Older post about retries https://blog.example/retries",
                "Atom entry on SLOs https://news.example/slo",
            ],
            drafts.Select(d => d.Text));
        Assert.Equal(["reliability", "reliability", "observability"], drafts.Select(d => d.Topic));
        Assert.Equal("https://blog.example/breakers", drafts[0].SourceReference);
    }

    [Fact]
    public async Task The_llm_source_is_registered_only_with_a_key_and_speaks_the_OpenAI_protocol()
    {
        string? requestBody = null;
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            requestBody = await new StreamReader(request.Body).ReadToEndAsync();
            var content = """{"posts":[{"topic":"dotnet","text":"Use TimeProvider in tests."},{"topic":"unknown","text":"Measure first."},{"text":""}]}""";
            return Results.Json(new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                created = 1767787200,
                model = "gpt-4o-mini",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            });
        }));

        using (var without = Services([]))
        {
            Assert.DoesNotContain(without.GetServices<ICandidateSource>(), s => s.Name == "llm");
        }

        using var services = Services(new()
        {
            ["OPENAI_API_KEY"] = "test-key",
            ["OPENAI_BASE_URL"] = new Uri(server.BaseAddress, "v1").ToString(),
        });
        var drafts = await Source(services, "llm").GenerateAsync(5, CancellationToken.None);

        Assert.Equal(["Use TimeProvider in tests.", "Measure first."], drafts.Select(d => d.Text));
        Assert.Equal(["dotnet", "dotnet"], drafts.Select(d => d.Topic));
        Assert.Contains("gpt-4o-mini", requestBody);
        Assert.IsAssignableFrom<IChatClient>(services.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task An_llm_failure_yields_no_drafts_instead_of_failing_the_refresh()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapPost("/v1/chat/completions", () => Results.StatusCode(401)));
        using var services = Services(new()
        {
            ["OPENAI_API_KEY"] = "bad-key",
            ["OPENAI_BASE_URL"] = new Uri(server.BaseAddress, "v1").ToString(),
        });

        var drafts = await Source(services, "llm").GenerateAsync(5, CancellationToken.None);

        Assert.Empty(drafts);
    }

    [Fact]
    public void Bad_candidate_configuration_is_refused_at_start_up_naming_the_key()
    {
        using var services = Services(new()
        {
            ["Candidates:Rss:Feeds:0:Url"] = "ftp://nope",
            ["Candidates:PeakHours:0"] = "25",
        });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CandidateOptions>>().Value);

        Assert.Contains("Candidates:Rss:Feeds:0:Url", error.Message);
        Assert.Contains("Candidates:PeakHours", error.Message);
    }
}
