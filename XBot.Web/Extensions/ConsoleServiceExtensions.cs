using Microsoft.AspNetCore.Authentication.Cookies;
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

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.Cookie.Name = "xbot.console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<AdminSignIn>();

        // The console never touches the stores: everything it shows comes from the api.
        builder.Services.AddTransient<ApiKeyHandler>();
        builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri("https+http://api"))
            .AddHttpMessageHandler<ApiKeyHandler>();
        builder.Services.AddHttpClient<InsightsClient>(client => client.BaseAddress = new Uri("https+http://api")).AddHttpMessageHandler<ApiKeyHandler>();
        return builder;
    }
}
