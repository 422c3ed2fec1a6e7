using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using XBot.Core;

namespace Microsoft.AspNetCore.Builder;

public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Status").RequireAuthorization(ApplicationServiceExtensions.AdminPolicy);
        api.MapGet("/status", GetStatus);
        return app;
    }

    /// <summary>Who this is; it holds no configuration.</summary>
    public static Ok<ServiceStatus> GetStatus(IHostEnvironment environment, TimeProvider time) =>
        TypedResults.Ok(ServiceStatus.Describe("api", environment.EnvironmentName, time));
}
