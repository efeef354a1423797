using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Octokit;
using Octokit.Internal;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The few GitHub calls the sticky comment needs, through Octokit: REST for the issue comments, and the one GraphQL
/// mutation REST lacks over the same connection. Around Octokit: bounded retries (<see cref="GitHubRetryPolicy"/>) and
/// a transport that only reaches the configured API host (<see cref="GitHubHostGuard"/>). The token only ever goes
/// into the Authorization header.
/// </summary>
public sealed class GitHubApiClient : IDisposable
{
    private const string MinimizeMutation =
        "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }";

    private readonly HttpClientAdapter http;
    private readonly Connection connection;
    private readonly GitHubClient octokit;
    private readonly GitHubEnvironment github;
    private readonly string owner;
    private readonly string name;
    private readonly GitHubRetryPolicy retry;
    private readonly Action<string> log;

    public GitHubApiClient(GitHubEnvironment github, string repository, string token, Action<string> log)
        : this(github, repository, token, log, GitHubRetryPolicy.Default)
    {
    }

    internal GitHubApiClient(GitHubEnvironment github, string repository, string token, Action<string> log, GitHubRetryPolicy retry)
    {
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new GitHubApiException(HttpStatusCode.BadRequest, $"find the repository \"{repository}\"", "GITHUB_REPOSITORY must be owner/name");
        }

        (owner, name) = (parts[0], parts[1]);
        this.github = github;
        this.retry = retry;
        this.log = log;
        // Octokit's default handler does not follow redirects itself: Octokit's adapter does, sending each hop back
        // through this client, so the guard sees redirects as well as pagination links.
        http = new HttpClientAdapter(() => new GitHubHostGuard(
            [github.ApiUrl, github.GraphQlUrl], new CommentListShapeCheck(HttpMessageHandlerFactory.CreateDefault())));
        // Connection with the API URL as it is: GitHubClient(ProductHeaderValue, Uri) rewrites the base address for
        // GitHub Enterprise, which sends GHE.com (api.<tenant>.ghe.com) requests to the wrong path.
        connection = new Connection(
            new ProductHeaderValue("llmops-dotnet-eval", "1.0"),
            github.ApiUrl,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            http,
            new SimpleJsonSerializer());
        octokit = new GitHubClient(connection);
    }

    /// <summary>All comments of the pull request, oldest first, following every rel="next" page.</summary>
    public async Task<IReadOnlyList<GitHubComment>> ListCommentsAsync(int pullRequest, CancellationToken ct)
    {
        var comments = await CallAsync(
            () => octokit.Issue.Comment.GetAllForIssue(owner, name, pullRequest, new ApiOptions { PageSize = 100 }),
            "list the pull request's comments", ct).ConfigureAwait(false);
        // A comment without an id or an author is not one GitHub made: deciding "ours or not" on it could post twice.
        if (comments.Any(c => c.Id <= 0 || string.IsNullOrEmpty(c.User?.Login)))
        {
            throw new InvalidDataException("GitHub's list of comments holds an entry without an id or an author.");
        }

        return comments
            .Select(c => new GitHubComment(c.Id, c.NodeId ?? "", c.Body ?? "", c.User?.Login ?? "", c.User?.Type?.ToString() ?? ""))
            .ToList();
    }

    /// <summary>
    /// One attempt only on a 5xx: GitHub may have created the comment and lost the answer, so the caller looks for it
    /// before posting again (see <see cref="PauseBeforeRetryAsync"/>). Rate limits are still retried here.
    /// </summary>
    public async Task<long> CreateCommentAsync(int pullRequest, string body, CancellationToken ct)
    {
        var created = await CallAsync(
            () => octokit.Issue.Comment.Create(owner, name, pullRequest, body),
            "create a pull-request comment", ct, retryServerErrors: false).ConfigureAwait(false);
        return created.Id;
    }

    public Task UpdateCommentAsync(long id, string body, CancellationToken ct) =>
        CallAsync(() => octokit.Issue.Comment.Update(owner, name, id, body), "update the pull-request comment", ct);

    public Task DeleteCommentAsync(long id, CancellationToken ct) =>
        CallAsync(async () =>
        {
            await octokit.Issue.Comment.Delete(owner, name, id).ConfigureAwait(false);
            return true;
        }, "delete the earlier pull-request comment", ct);

    /// <summary>Hides a comment as outdated (GraphQL minimizeComment; REST has no equivalent).</summary>
    public async Task MinimizeCommentAsync(string nodeId, CancellationToken ct)
    {
        const string operation = "hide the earlier pull-request comment";
        var payload = JsonSerializer.Serialize(new { query = MinimizeMutation, variables = new { id = nodeId } });
        // A string body is sent as it is; the answer is read here rather than mapped onto an Octokit model.
        var response = await CallAsync(
            () => connection.Post<object>(github.GraphQlUrl, payload, "application/json", "application/json"),
            operation, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(response.HttpResponse.Body as string ?? "{}");
        if (doc.RootElement.ValueKind == JsonValueKind.Object
            && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var message = errors[0].TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            throw new GitHubApiException(HttpStatusCode.Forbidden, operation, Short(message));
        }
    }

    /// <summary>
    /// Waits as the retry policy says after a failed attempt of <paramref name="failure"/>'s operation; false when no
    /// attempt is left.
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

    /// <summary>One Octokit call under the retry policy; a failure that stays is a <see cref="GitHubApiException"/>.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string operation, CancellationToken ct, bool retryServerErrors = true)
    {
        try
        {
            return await retry.ExecuteAsync(call, operation, retryServerErrors, log, ct).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw new GitHubApiException(e.StatusCode, operation, Short(e.ApiError?.Message ?? ""));
        }
        catch (System.Runtime.Serialization.SerializationException e)
        {
            // Octokit's JSON reader on a body that is not JSON (an HTML page from a proxy, a cut answer).
            throw new InvalidDataException($"GitHub's answer to '{operation}' is not JSON: {e.Message}", e);
        }
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
