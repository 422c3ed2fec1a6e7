using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using XBot.Web.Auth;
using XBot.Web.Services;

namespace Microsoft.Extensions.Hosting;

internal static class ConsoleServiceExtensions
{
    public static IHostApplicationBuilder AddConsoleServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<SignInThrottleOptions>()
            .Bind(builder.Configuration.GetSection(SignInThrottleOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddTimeProvider();
        builder.Services.AddSingleton<AdminSignIn>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.AddConsoleAuthentication();

        // The console never touches the stores: everything it shows comes from the api.
        builder.Services.AddTransient<ApiKeyHandler>();
        builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri("https+http://api"))
            .AddHttpMessageHandler<ApiKeyHandler>();
        builder.Services.AddHttpClient<InsightsClient>(client => client.BaseAddress = new Uri("https+http://api")).AddHttpMessageHandler<ApiKeyHandler>();
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static void AddConsoleAuthentication(this IHostApplicationBuilder builder)
    {
        var oidc = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        builder.Services.AddSingleton(oidc);
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.Cookie.Name = "xbot.console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Strict, except with OpenID Connect: the first request after the provider's redirect back must carry the cookie.
                options.Cookie.SameSite = oidc.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });

        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc.DisplayName, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.CallbackPath = "/signin-oidc";
                options.SaveTokens = false;
                options.Scope.Add("profile");
                options.Scope.Add("email");
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "roles";
                options.Events.OnTokenValidated = context =>
                {
                    if (oidc.RequiredRole is { Length: > 0 } role && context.Principal?.IsInRole(role) != true)
                    {
                        context.Fail($"The account does not have the app role '{role}' that Admin:Oidc:RequiredRole requires.");
                    }
                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
    }
}
