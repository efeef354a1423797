using System;
using System.IO;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>What a GitHub Actions run tells the tool through its environment variables.</summary>
public sealed class GitHubEnvironment
{
    public required Uri ApiUrl { get; init; }

    public required Uri GraphQlUrl { get; init; }

    /// <summary>"owner/name", or null outside Actions.</summary>
    public string? Repository { get; init; }

    /// <summary>The pull request of a pull_request / pull_request_target event; null on push, schedule and others.</summary>
    public int? PullRequestNumber { get; init; }

    /// <summary>
    /// A <c>pull_request</c> event whose head repository is not the base repository (a fork, or a head repository since
    /// deleted): GitHub gives such runs a read-only token, so a comment cannot be posted. <c>pull_request_target</c>
    /// runs in the base repository with its token and is not a fork run in this sense.
    /// </summary>
    public bool IsForkPullRequest { get; init; }

    public string? Workflow { get; init; }

    public string? StepSummaryPath { get; init; }

    public string? OutputPath { get; init; }

    /// <summary>The run's page, where its artifacts are listed; the attempt's page when the run was re-run.</summary>
    public string? RunUrl { get; init; }

    public static GitHubEnvironment Read(Func<string, string?> env)
    {
        var api = NonEmpty(env("GITHUB_API_URL")) ?? "https://api.github.com";
        var apiUrl = new Uri(api.EndsWith('/') ? api : api + "/");
        var graphQl = NonEmpty(env("GITHUB_GRAPHQL_URL"));
        var server = NonEmpty(env("GITHUB_SERVER_URL"));
        var repository = NonEmpty(env("GITHUB_REPOSITORY"));
        var runId = NonEmpty(env("GITHUB_RUN_ID"));
        // A re-run keeps the run id: without the attempt the link would show the first attempt's results.
        var attempt = int.TryParse(NonEmpty(env("GITHUB_RUN_ATTEMPT")), out var n) && n > 1 ? "/attempts/" + n : "";
        var pullRequest = ReadPullRequest(NonEmpty(env("GITHUB_EVENT_PATH")));
        return new GitHubEnvironment
        {
            ApiUrl = apiUrl,
            GraphQlUrl = graphQl is null ? DeriveGraphQl(apiUrl) : new Uri(graphQl),
            Repository = repository,
            PullRequestNumber = pullRequest.Number,
            IsForkPullRequest = pullRequest.FromOtherRepository && string.Equals(env("GITHUB_EVENT_NAME"), "pull_request", StringComparison.Ordinal),
            Workflow = NonEmpty(env("GITHUB_WORKFLOW")),
            StepSummaryPath = NonEmpty(env("GITHUB_STEP_SUMMARY")),
            OutputPath = NonEmpty(env("GITHUB_OUTPUT")),
            RunUrl = server is not null && repository is not null && runId is not null
                ? server.TrimEnd('/') + "/" + repository + "/actions/runs/" + runId + attempt
                : null,
        };
    }

    /// <summary>
    /// github.com: https://api.github.com/graphql; GitHub Enterprise Server: https://host/api/v3 → https://host/api/graphql.
    /// </summary>
    internal static Uri DeriveGraphQl(Uri apiUrl)
    {
        var path = apiUrl.AbsolutePath.TrimEnd('/');
        path = path.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? path[..^3] + "/graphql" : path + "/graphql";
        return new UriBuilder(apiUrl) { Path = path }.Uri;
    }

    /// <summary>The number of the event payload's pull_request (pull_request and pull_request_target events).</summary>
    internal static int? ReadPullRequestNumber(string? eventPath) => ReadPullRequest(eventPath).Number;

    /// <summary>The event payload's pull_request: its number, and whether its head repository differs from its base.</summary>
    private static (int? Number, bool FromOtherRepository) ReadPullRequest(string? eventPath)
    {
        if (eventPath is null || !File.Exists(eventPath))
        {
            return (null, false);
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(eventPath));
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("pull_request", out var pr)
                || pr.ValueKind != JsonValueKind.Object)
            {
                return (null, false);
            }

            int? number = pr.TryGetProperty("number", out var value) && value.TryGetInt32(out var n) && n > 0 ? n : null;
            var head = RepositoryName(pr, "head");
            var baseRepository = RepositoryName(pr, "base");
            return (number, baseRepository is not null && !string.Equals(head, baseRepository, StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            // A payload we cannot read is treated like an event without a pull request: summary only.
            return (null, false);
        }
    }

    private static string? RepositoryName(JsonElement pr, string side) =>
        pr.TryGetProperty(side, out var end) && end.ValueKind == JsonValueKind.Object
        && end.TryGetProperty("repo", out var repo) && repo.ValueKind == JsonValueKind.Object
        && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
