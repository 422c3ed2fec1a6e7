using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace XBot.Web.Services;

/// <summary>
/// The console's typed client for the api's read side (posts, learning, analytics, database), found through service
/// discovery and signed with the admin key. Every call returns an <see cref="ApiResult{T}"/>: the pages never see an exception.
/// </summary>
public sealed class InsightsClient(HttpClient http)
{
    public Task<InsightResult<PostPage>> PostsAsync(int limit, long? before, string? status, CancellationToken cancellationToken = default) =>
        GetAsync<PostPage>($"/api/posts?limit={limit}{(before is { } b ? $"&before={b}" : "")}{(status is { Length: > 0 } s ? $"&status={Uri.EscapeDataString(s)}" : "")}", cancellationToken);

    public Task<InsightResult<PostDetail>> PostAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<PostDetail>(string.Create(CultureInfo.InvariantCulture, $"/api/posts/{id}"), cancellationToken);

    public Task<InsightResult<ArmsReport>> ArmsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ArmsReport>("/api/learning/arms", cancellationToken);

    public Task<InsightResult<IReadOnlyList<LearningCycleInsight>>> CyclesAsync(int limit, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<LearningCycleInsight>>($"/api/learning/cycles?limit={limit}", cancellationToken);

    public Task<InsightResult<TrendReport>> TrendAsync(int cycles, CancellationToken cancellationToken = default) =>
        GetAsync<TrendReport>($"/api/learning/trend?cycles={cycles}", cancellationToken);

    public Task<InsightResult<AgreementReport>> AgreementAsync(int days, CancellationToken cancellationToken = default) =>
        GetAsync<AgreementReport>($"/api/learning/agreement?days={days}", cancellationToken);

    public Task<InsightResult<AnalyticsPage>> ViewAsync(string view, int limit, int offset = 0, CancellationToken cancellationToken = default) =>
        GetAsync<AnalyticsPage>($"/api/analytics/{Uri.EscapeDataString(view)}?limit={limit}&offset={offset}", cancellationToken);

    public Task<InsightResult<TopicHourReport>> TopicHourAsync(int days, CancellationToken cancellationToken = default) =>
        GetAsync<TopicHourReport>($"/api/analytics/topic-hour?days={days}", cancellationToken);

    public Task<InsightResult<DatabaseReport>> DatabaseAsync(int statements, CancellationToken cancellationToken = default) =>
        GetAsync<DatabaseReport>($"/api/database?statements={statements}", cancellationToken);

    private async Task<InsightResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new InsightResult<T>(await response.Content.ReadFromJsonAsync<T>(cancellationToken));
            }
            return new InsightResult<T>(default, await ProblemAsync(response, cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            return new InsightResult<T>(default, $"The api can't be reached ({ex.Message}).", Unreachable: true);
        }
        catch (Exception ex) when (ex is TaskCanceledException or Polly.ExecutionRejectedException && !cancellationToken.IsCancellationRequested)
        {
            // The resilience handler's timeout or open circuit: the api is down or overwhelmed, not wrong.
            return new InsightResult<T>(default, "The api did not answer in time.", Unreachable: true);
        }
        catch (JsonException)
        {
            return new InsightResult<T>(default, "The api's answer could not be read; the console and the api may be different versions.");
        }
    }

    /// <summary>The problem's detail (and the fields it names), else its title, else the status.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()
                : root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : null;
            return detail is null ? $"The api answered {status}." : $"{detail} ({status})";
        }
        catch (JsonException)
        {
            return $"The api answered {status}.";
        }
    }
}
