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
