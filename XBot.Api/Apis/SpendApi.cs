using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Spend;

namespace Microsoft.AspNetCore.Builder;

/// <summary>X pay-per-use spend: today's and this month's against spend_daily_usd / spend_monthly_usd.</summary>
public static class SpendApi
{
    public static IEndpointRouteBuilder MapSpendApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Spend")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy)
            .MapGet("/spend", GetSpend);
        return app;
    }

    public static async Task<Ok<SpendReport>> GetSpend(SpendLedger ledger, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.ReportAsync(cancellationToken));
}
