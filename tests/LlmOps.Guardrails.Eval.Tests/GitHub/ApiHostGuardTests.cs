using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The token goes to the configured API host only: a pagination link (which Octokit would follow with the
/// Authorization header) to any other scheme, host or port is refused before a byte is sent.
/// </summary>
public sealed class ApiHostGuardTests : IDisposable
{
    private readonly CommentTarget target = new();
    private readonly ForeignHostListener foreign = new();

    public void Dispose()
    {
        foreign.Dispose();
        target.Dispose();
    }

    [Fact]
    public async Task A_next_page_link_to_another_host_is_refused_and_that_host_sees_no_request_and_no_token()
    {
        // Page size 3: four comments make page 1 link to page 2, on the foreign origin.
        for (var i = 0; i < 4; i++) target.GitHub.Seed(CommentTarget.PullRequest, "LGTM " + i);
        target.GitHub.NextPageBase = foreign.BaseUrl;

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == ExitCodes.CouldNotRun, output + error);
        Assert.Contains("refused to send a request to " + foreign.BaseUrl.GetLeftPart(UriPartial.Authority), error, StringComparison.Ordinal);
        Assert.Single(target.GitHub.Requests, r => r.Method == "GET" && r.Status == 200);
        Assert.DoesNotContain(target.GitHub.Requests, r => r.Method != "GET");
        Assert.Equal(0, foreign.Connections);
        Assert.DoesNotContain(CommentTarget.Token, foreign.Received, StringComparison.Ordinal);
        Assert.DoesNotContain(CommentTarget.Token, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_refused_and_that_host_sees_no_request()
    {
        target.GitHub.FailNext(307, new Dictionary<string, string> { ["Location"] = new Uri(foreign.BaseUrl, "repos/o/r/issues/9/comments").ToString() });

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == ExitCodes.CouldNotRun, output + error);
        Assert.Contains("refused to send a request to " + foreign.BaseUrl.GetLeftPart(UriPartial.Authority), error, StringComparison.Ordinal);
        Assert.Equal(0, foreign.Connections);
        Assert.Empty(target.GitHub.Comments);
    }

    [Fact]
    public async Task A_next_page_link_on_the_api_host_is_followed()
    {
        for (var i = 0; i < 4; i++) target.GitHub.Seed(CommentTarget.PullRequest, "LGTM " + i);

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == 0, output + error);
        Assert.Equal(2, target.GitHub.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(0, foreign.Connections);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/repos/o/r/issues/9/comments?page=2", true)]
    [InlineData("HTTP://127.0.0.1:8080/graphql", true)]
    [InlineData("http://127.0.0.1:8081/repos/o/r/issues/9/comments?page=2", false)]
    [InlineData("http://127.0.0.2:8080/repos/o/r/issues/9/comments?page=2", false)]
    [InlineData("https://127.0.0.1:8080/repos/o/r/issues/9/comments?page=2", false)]
    [InlineData("http://api.github.com.evil.example/repos", false)]
    public void Only_the_configured_scheme_host_and_port_are_allowed(string url, bool allowed)
    {
        Assert.Equal(allowed, GitHubHostGuard.IsAllowed(new Uri(url), [new Uri("http://127.0.0.1:8080/")]));
    }
}
