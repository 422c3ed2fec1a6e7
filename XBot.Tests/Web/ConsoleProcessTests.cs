using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Web;

/// <summary>The console as its own process (sign-in needs no api): throttled sign-in and start-up checks of its settings.</summary>
public sealed partial class ConsoleProcessTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Failed_sign_ins_are_throttled_per_client_even_for_the_right_password_then()
    {
        var port = PortFinder.Free();
        using var console = Start(port, new() { ["Admin__SignInThrottle__MaxFailures"] = "2", ["Admin__SignInThrottle__Window"] = "00:10:00" });
        // Drained, so a chatty log never fills the pipe and stalls the console.
        var output = console.StandardOutput.ReadToEndAsync();
        var error = console.StandardError.ReadToEndAsync();
        try
        {
            var cookies = new CookieContainer();
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Deadline.UntilAsync(async () => await AliveAsync(client), "the console answers /alive", minutes: 1);

            using var first = await SignInAsync(client, "wrong password one");
            using var second = await SignInAsync(client, "wrong password two");
            using var right = await SignInAsync(client, Password);
            using var home = await client.GetAsync("/");

            Assert.Contains("is not right", await first.Content.ReadAsStringAsync());
            Assert.Contains("is not right", await second.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
            Assert.Contains("Too many failed sign-ins from this address", await right.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.StartsWith("/login", home.Headers.Location!.PathAndQuery);
        }
        finally
        {
            console.Kill(entireProcessTree: true);
            await Task.WhenAll(output, error);
        }
    }

    [Fact]
    public async Task A_half_made_OpenID_Connect_configuration_stops_start_up_naming_the_missing_setting()
    {
        using var console = Start(PortFinder.Free(), new() { ["Admin__Oidc__Authority"] = "https://login.microsoftonline.com/tenant/v2.0" });
        var output = console.StandardOutput.ReadToEndAsync();
        var error = console.StandardError.ReadToEndAsync();
        await console.WaitForExitAsync(Deadline.Minutes(1));

        Assert.NotEqual(0, console.ExitCode);
        Assert.Contains("Admin:Oidc:ClientId is not", await output + await error);
    }

    private static Process Start(int port, Dictionary<string, string> settings)
    {
        var layout = RepositoryLayout.FromBuild();
        var info = layout.StartInfo("XBot.Web");
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Admin__Password"] = Password;
        info.Environment["Admin__ApiKey"] = new string('k', 40);
        // Nothing listens there: sign-in never calls the api.
        info.Environment["services__api__http__0"] = $"http://127.0.0.1:{PortFinder.Free()}";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }
        return Process.Start(info)!;
    }

    private static async Task<bool> AliveAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/alive");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Username"] = "admin",
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
