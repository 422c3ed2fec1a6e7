using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using XBot.Web.Auth;

namespace Microsoft.AspNetCore.Builder;

internal static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        // A form POST with the antiforgery token (validated: the endpoint requires it), so a link or a form on another
        // site cannot sign the operator out.
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        // Starts the OpenID Connect sign-in; mapped only when Admin:Oidc is configured.
        if (app.ServiceProvider.GetRequiredService<OidcOptions>().Enabled)
        {
            app.MapGet("/login/oidc", (string? returnUrl) => TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = LocalReturnUrl.Of(returnUrl) },
                [OpenIdConnectDefaults.AuthenticationScheme]));
        }
        return app;
    }
}
