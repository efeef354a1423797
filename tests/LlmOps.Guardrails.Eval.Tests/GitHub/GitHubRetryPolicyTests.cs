using System.Globalization;
using System.Net;
using LlmOps.Guardrails.Eval.GitHub;
using Octokit;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Which failures Octokit reports are retried, after how long, and that the bound holds: Octokit itself never
/// retries, so these are the only second attempts the comment step makes.
/// </summary>
public sealed class GitHubRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly GitHubRetryPolicy policy = new(maxAttempts: 4, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(502, 1, 1.0)]
    [InlineData(503, 2, 2.0)]
    [InlineData(500, 3, 4.0)]
    [InlineData(429, 1, 1.0)]
    public void Server_errors_and_a_bare_429_back_off_exponentially(int status, int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.DelayAfter(Failure(status), attempt, Now));
    }

    [Fact]
    public void The_secondary_rate_limit_waits_retry_after_in_seconds_or_until_its_date_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayAfter(Failure(403, ("Retry-After", "7")), 1, Now));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayAfter(Failure(429, ("retry-after", Now.AddSeconds(30).ToString("r", CultureInfo.InvariantCulture))), 1, Now));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.DelayAfter(Failure(403, ("Retry-After", "3600")), 1, Now));
    }

    [Fact]
    public void The_primary_rate_limit_waits_until_the_reset()
    {
        var reset = Now.AddSeconds(12).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var failure = Failure(403, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset));

        Assert.Equal(TimeSpan.FromSeconds(12), policy.DelayAfter(failure, 1, Now));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public void Permission_and_request_errors_are_final(int status)
    {
        Assert.Null(policy.DelayAfter(Failure(status), 1, Now));
    }

    [Fact]
    public void The_last_attempt_is_final_whatever_the_answer()
    {
        Assert.Null(policy.DelayAfter(Failure(502), 4, Now));
        Assert.Null(policy.DelayAfter(Failure(403, ("Retry-After", "0")), 4, Now));
    }

    [Fact]
    public async Task Persistent_502s_stop_after_four_attempts_and_name_the_status()
    {
        const string token = "ghs_retry-policy-token";
        using var github = FakeGitHubServer.Start(token, "o/r");
        for (var i = 0; i < 5; i++) github.FailNext(502);
        var environment = GitHubEnvironment.Read(k => k == "GITHUB_API_URL" ? github.BaseUrl.ToString() : null);
        var fast = new GitHubRetryPolicy(maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(10), maxDelay: TimeSpan.FromSeconds(1));
        var log = new List<string>();
        using var client = new GitHubApiClient(environment, "o/r", token, log.Add, fast);

        var failure = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListCommentsAsync(9, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, failure.Status);
        Assert.Equal(4, github.Requests.Count);
        Assert.Equal(3, log.Count(l => l.Contains("HTTP 502", StringComparison.Ordinal)));
        Assert.Contains("attempt 4 of 4", log[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_primary_rate_limit_answer_is_retried_once_reset()
    {
        const string token = "ghs_retry-policy-token";
        using var github = FakeGitHubServer.Start(token, "o/r");
        github.Seed(9, "LGTM");
        var reset = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        github.FailNext(403, new Dictionary<string, string> { ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = reset }, "API rate limit exceeded for installation ID 1.");
        var environment = GitHubEnvironment.Read(k => k == "GITHUB_API_URL" ? github.BaseUrl.ToString() : null);
        using var client = new GitHubApiClient(environment, "o/r", token, _ => { });

        var comments = await client.ListCommentsAsync(9, CancellationToken.None);

        Assert.Equal("LGTM", Assert.Single(comments).Body);
        Assert.Equal([403, 200], github.Requests.Select(r => r.Status));
    }

    private static ApiException Failure(int status, params (string Name, string Value)[] headers) =>
        new(new ScriptedResponse((HttpStatusCode)status, headers.ToDictionary(h => h.Name, h => h.Value)));

    /// <summary>A failed answer as Octokit hands it over (its own Response type is internal).</summary>
    private sealed class ScriptedResponse(HttpStatusCode status, IReadOnlyDictionary<string, string> headers) : IResponse
    {
        public object Body => """{"message":"scripted"}""";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo => null!;

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
