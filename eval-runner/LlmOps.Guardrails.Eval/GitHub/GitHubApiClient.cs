using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The few REST and GraphQL calls the sticky comment needs, over a plain HttpClient. The token only ever goes into
/// the Authorization header, and only to the configured API host (pagination links to another host are refused).
/// </summary>
public sealed class GitHubApiClient : IDisposable
{
    private static readonly Regex NextLink = new("<([^>]+)>\\s*;\\s*rel=\"?next\"?", RegexOptions.CultureInvariant);

    private readonly HttpClient http;
    private readonly GitHubEnvironment github;
    private readonly string repository;
    private readonly GitHubRetryPolicy retry;
    private readonly Action<string> log;

    public GitHubApiClient(GitHubEnvironment github, string repository, string token, Action<string> log)
        : this(github, repository, token, log, GitHubRetryPolicy.Default)
    {
    }

    internal GitHubApiClient(GitHubEnvironment github, string repository, string token, Action<string> log, GitHubRetryPolicy retry)
    {
        this.github = github;
        this.repository = repository;
        this.retry = retry;
        this.log = log;
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("llmops-dotnet-eval", "1.0"));
        http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <summary>All comments of the pull request, oldest first, following every rel="next" page.</summary>
    public async Task<IReadOnlyList<GitHubComment>> ListCommentsAsync(int pullRequest, CancellationToken ct)
    {
        var comments = new List<GitHubComment>();
        Uri? next = Api($"repos/{repository}/issues/{pullRequest}/comments?per_page=100");
        while (next is not null)
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, next), "list the pull request's comments", ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var user = item.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
                comments.Add(new GitHubComment(
                    item.GetProperty("id").GetInt64(),
                    item.TryGetProperty("node_id", out var node) ? node.GetString() ?? "" : "",
                    item.TryGetProperty("body", out var body) ? body.GetString() ?? "" : "",
                    StringProperty(user, "login"),
                    StringProperty(user, "type")));
            }

            next = NextPage(response);
        }

        return comments;
    }

    /// <summary>
    /// One attempt only on a 5xx: GitHub may have created the comment and lost the answer, so the caller looks for it
    /// before posting again (see <see cref="PauseBeforeRetryAsync"/>). Rate limits are still retried here.
    /// </summary>
    public async Task<long> CreateCommentAsync(int pullRequest, string body, CancellationToken ct)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Api($"repos/{repository}/issues/{pullRequest}/comments")) { Content = BodyJson(body) },
            "create a pull-request comment", ct, retryServerErrors: false).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        return doc.RootElement.GetProperty("id").GetInt64();
    }

    public async Task UpdateCommentAsync(long id, string body, CancellationToken ct)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Patch, Api($"repos/{repository}/issues/comments/{id}")) { Content = BodyJson(body) },
            "update the pull-request comment", ct).ConfigureAwait(false);
    }

    public async Task DeleteCommentAsync(long id, CancellationToken ct)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, Api($"repos/{repository}/issues/comments/{id}")),
            "delete the earlier pull-request comment", ct).ConfigureAwait(false);
    }

    /// <summary>Hides a comment as outdated (GraphQL minimizeComment; REST has no equivalent).</summary>
    public async Task MinimizeCommentAsync(string nodeId, CancellationToken ct)
    {
        var payload = Json(w =>
        {
            w.WriteString("query", "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }");
            w.WriteStartObject("variables");
            w.WriteString("id", nodeId);
            w.WriteEndObject();
        });
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, github.GraphQlUrl) { Content = new StringContent(payload, Encoding.UTF8, "application/json") },
            "hide the earlier pull-request comment", ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var message = errors[0].TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            throw new GitHubApiException(System.Net.HttpStatusCode.Forbidden, "hide the earlier pull-request comment", Short(message));
        }
    }

    /// <summary>
    /// Waits as the retry policy says after a failed attempt of <paramref name="operation"/>; false when no attempt is left.
    /// </summary>
    public async Task<bool> PauseBeforeRetryAsync(GitHubApiException failure, int attempt, CancellationToken ct)
    {
        if (retry.BackoffAfter(attempt) is not { } delay)
        {
            return false;
        }

        log($"GitHub answered HTTP {(int)failure.Status} to '{failure.Operation}'; attempt {attempt + 1} of {retry.MaxAttempts} in {delay.TotalSeconds:0.#} s.");
        await Task.Delay(delay, ct).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => http.Dispose();

    private static string StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string operation, CancellationToken ct, bool retryServerErrors = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await http.SendAsync(message, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var delay = !retryServerErrors && (int)response.StatusCode >= 500
                ? null
                : retry.DelayAfter(response, attempt, DateTimeOffset.UtcNow);
            if (delay is null)
            {
                var detail = await ReadMessageAsync(response, ct).ConfigureAwait(false);
                var status = response.StatusCode;
                response.Dispose();
                throw new GitHubApiException(status, operation, detail);
            }

            log($"GitHub answered HTTP {(int)response.StatusCode} to '{operation}'; attempt {attempt + 1} of {retry.MaxAttempts} in {delay.Value.TotalSeconds:0.#} s.");
            response.Dispose();
            await Task.Delay(delay.Value, ct).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m)
                ? Short(m.GetString() ?? "")
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private Uri Api(string relative) => new(github.ApiUrl, relative);

    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var match = NextLink.Match(string.Join(",", values));
        if (!match.Success || !Uri.TryCreate(github.ApiUrl, match.Groups[1].Value, out var next))
        {
            return null;
        }

        // The Authorization header goes with every request: never follow a link to another host.
        if (Uri.Compare(next, github.ApiUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new GitHubApiException(System.Net.HttpStatusCode.BadGateway, "list the pull request's comments", "a pagination link points to another host");
        }

        return next;
    }

    private static StringContent BodyJson(string body) =>
        new(Json(w => w.WriteString("body", body)), Encoding.UTF8, "application/json");

    private static string Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
