using XBot.Web.Components;

try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddServiceDefaults();
    builder.AddConsoleServices();

    var app = builder.Build();

    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapDefaultEndpoints();
    app.MapStaticAssets();
    app.MapRazorComponents<App>()
        .AddInteractiveServerRenderMode();
    app.MapSignOut();

    app.Run();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } failure)
{
    return StartupFailure.Report(failure);
}
