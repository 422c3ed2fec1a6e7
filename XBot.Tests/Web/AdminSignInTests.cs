using Microsoft.Extensions.Options;
using XBot.Web.Auth;

namespace XBot.Tests.Web;

public sealed class AdminSignInTests
{
    private static readonly AdminSignIn SignIn = new(Options.Create(new AdminOptions { Username = "admin", Password = "correct horse battery", ApiKey = "k" }));

    [Fact]
    public void The_configured_user_and_password_sign_in_as_admin()
    {
        var principal = SignIn.TryCreatePrincipal("admin", "correct horse battery");

        Assert.NotNull(principal);
        Assert.Equal("admin", principal.Identity!.Name);
        Assert.True(principal.IsInRole("admin"));
    }

    [Theory]
    [InlineData("admin", "correct horse batter")]
    [InlineData("admin", "")]
    [InlineData("admin", null)]
    [InlineData("root", "correct horse battery")]
    [InlineData(null, "correct horse battery")]
    public void Anything_else_is_refused(string? username, string? password) =>
        Assert.Null(SignIn.TryCreatePrincipal(username, password));

    [Theory]
    [InlineData("queue", "/queue")]
    [InlineData("/audit?severity=warning", "/audit?severity=warning")]
    [InlineData("//evil.example/x", "/evil.example/x")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void A_return_url_stays_on_the_console(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.Of(returnUrl));
}

public sealed class OidcOptionsTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("https://login.microsoftonline.com/t/v2.0", "client", null)]
    [InlineData("https://login.microsoftonline.com/t/v2.0", null, "Admin:Oidc:ClientId is not")]
    [InlineData(null, "client", "Admin:Oidc:Authority is not")]
    [InlineData("http://login.example/", "client", "must be an https URL")]
    public void A_half_made_OpenID_Connect_configuration_is_refused_with_what_to_set(string? authority, string? clientId, string? problem)
    {
        var options = new OidcOptions { Authority = authority, ClientId = clientId };

        if (problem is null)
        {
            Assert.Null(options.Problem());
        }
        else
        {
            Assert.Contains(problem, options.Problem());
        }
        Assert.Equal(authority is not null && clientId is not null, options.Enabled);
    }
}
