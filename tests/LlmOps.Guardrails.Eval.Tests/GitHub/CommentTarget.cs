using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Reports;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// A results.json, a pull_request event for PR 9 of "o/r" and the fake GitHub API: what an in-process
/// `dotnet eval comment` needs, for tests that only vary the request.
/// </summary>
internal sealed class CommentTarget : IDisposable
{
    public const int PullRequest = 9;
    public const string Token = "ghs_comment-target-token";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-comment-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Dictionary<string, string> env;

    public CommentTarget()
    {
        Directory.CreateDirectory(folder);
        EvalRunJson.WriteFile(ReportFixture.Create(), Path.Combine(folder, "results.json"));
        var eventPath = Path.Combine(folder, "event.json");
        File.WriteAllText(eventPath, """{"pull_request":{"number":9}}""");
        GitHub = FakeGitHubServer.Start(Token, "o/r", pageSize: 3);
        env = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = GitHub.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "o/r",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_WORKFLOW"] = "ci",
            ["GITHUB_TOKEN"] = Token,
        };
    }

    public FakeGitHubServer GitHub { get; }

    public string Marker => StickyMarker.For("ci", "default");

    public string ReportDirectory => folder;

    public async Task<(int Code, string Output, string Error)> RunAsync(CommentRequest request)
    {
        GitHub.ClearRequests();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PullRequestCommenter.RunAsync(request, k => env.GetValueOrDefault(k), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public Task<(int Code, string Output, string Error)> RunAsync(CommentMode mode) =>
        RunAsync(new CommentRequest { ReportDirectory = folder, Mode = mode });

    public void Dispose()
    {
        GitHub.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
