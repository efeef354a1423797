using System.Text.RegularExpressions;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// A user's whole journey on the packed packages: build an app with the analyzers and the prompt build task, install
/// `dotnet eval` from the feed, record cassettes against a loopback OpenAI-compatible server, then gate a pull request
/// that lengthens a prompt, offline and without a key, from the committed cassettes.
/// </summary>
[Collection(PackedFeedCollection.Name)]
[RequiresSharedFixture(typeof(PackedFeedFixture))]
public sealed class FromPackagesEndToEndTests
{
    private const string Key = "sk-e2e-fake-key-never-recorded";
    private readonly PackedFeedFixture feed;

    public FromPackagesEndToEndTests(PackedFeedFixture feed) => this.feed = feed;

    [Fact]
    public void A_pull_request_that_lengthens_a_prompt_fails_the_offline_cost_gate_from_committed_cassettes()
    {
        var work = Path.Combine(feed.WorkDirectory, "journey-" + Guid.NewGuid().ToString("N")[..8]);
        using var server = FakeProviderServer.Start();
        var repo = new ConsumerRepository(Path.Combine(work, "repo"), feed.FeedDirectory, feed.Version, server.OpenAIEndpoint);
        repo.Git("init", "-q");

        // Base: the analyzers flag the uncapped call at its position; the build task locks and prices both prompts.
        var baseBuild = repo.Build("-p:LlmOpsPromptsLocked=false");
        Assert.True(baseBuild.ExitCode == 0, baseBuild.Output);
        var (line, column) = ConsumerRepository.UncappedCall;
        Assert.Matches(new Regex($@"Program\.cs\({line},{column}\): warning LLM002: "), baseBuild.Output);
        Assert.Contains("LlmOps: 2 prompts, lock updated, no baseline, report: obj/Debug/net10.0/llmops/cost-report.md", baseBuild.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(repo.PathOf("prompts.lock.json")));
        AssertRestoredFromTheLocalFeed("LlmOps.Guardrails.Analyzers", "LlmOps.Guardrails.Build", "LlmOps.Guardrails.Runtime", "LlmOps.Guardrails.Core");
        repo.CommitAll("Support triage prompts, golden tickets and eval config");

        var tools = Path.Combine(work, "tools");
        var install = DotNet.Run(repo.Directory, "tool", "install", "LlmOps.Guardrails.Eval", "--tool-path", tools,
            "--add-source", feed.FeedDirectory, "--version", feed.Version);
        Assert.True(install.ExitCode == 0, install.Output);
        var dotnetEval = Path.Combine(tools, OperatingSystem.IsWindows() ? "dotnet-eval.exe" : "dotnet-eval");

        // Record the base prompts (baseline = HEAD: each prompt runs once) and commit the cassettes with them.
        server.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 1000, OutputTokens: 8));
        var recordBase = Eval(dotnetEval, repo, withKey: true, "compare", "--baseline", "HEAD", "--record");
        Assert.True(recordBase.ExitCode == 0, recordBase.ToString());
        Assert.Equal(2 * 3, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Equal(ConsumerRepository.Model, r.Model));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "--amend", "--no-edit");
        var baseCommit = repo.Git("rev-parse", "HEAD");
        Assert.Contains("cassettes/support.classify.jsonl", repo.Git("show", "--name-only", "--format=", baseCommit), StringComparison.Ordinal);

        // The pull request: a much longer system message. The build reports the cost rise against the base commit.
        repo.Write("prompts/support-classify.prompt.yaml", ConsumerRepository.Prompt("support.classify",
            ConsumerRepository.ClassifySystem + string.Concat(Enumerable.Repeat(" Think about every billing policy detail first.", 40))));
        var prBuild = repo.Build("-p:LlmOpsPromptsLocked=false", "-p:LlmOpsBaselineRef=" + baseCommit);
        Assert.True(prBuild.ExitCode == 0, prBuild.Output);
        Assert.Matches(new Regex(@"LlmOps: 2 prompts, lock updated, cost per call \+\d+(\.\d)?% vs " + baseCommit + @".*report: obj/Debug/net10.0/llmops/cost-report\.md"), prBuild.Output);
        Assert.True(File.Exists(repo.PathOf("obj/Debug/net10.0/llmops/cost-report.md")));
        repo.CommitAll("Classify tickets with the billing policy spelled out");

        // Record the candidate (baseline = HEAD again, so only the pull request's requests are made): the longer prompt
        // reads three times the tokens. The base recording of the old prompt stays: recording never deletes.
        server.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 3000, OutputTokens: 8));
        var recordPr = Eval(dotnetEval, repo, withKey: true, "compare", "--baseline", "HEAD", "--record");
        Assert.True(recordPr.ExitCode == 0, recordPr.ToString());
        Assert.Equal(2 * 2 * 3, server.RequestCount);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "--amend", "--no-edit");
        server.Dispose();

        foreach (var cassette in Directory.GetFiles(repo.PathOf("cassettes")))
        {
            Assert.DoesNotContain(Key, File.ReadAllText(cassette), StringComparison.Ordinal);
        }

        // CI: no key, no provider, only the committed cassettes.
        var offline = Eval(dotnetEval, repo, withKey: false, "compare", "--baseline", baseCommit, "--offline");
        Assert.True(offline.ExitCode == 2, offline.ToString());
        // The consumer's prompts declare no traffic: the headline's figure is the plain mean and says so.
        Assert.Matches(new Regex(@"Cost per 1k calls \(mean over prompts\) will increase by \$\d+\.\d\d \(\+\d+%\)"), offline.StandardOutput);
        Assert.Contains("quality unchanged", offline.StandardOutput, StringComparison.Ordinal);
        foreach (var output in new[] { "results.json", "report.md", "report.junit.xml", "report.html" })
        {
            var path = repo.PathOf(Path.Combine(".llmops", "eval", output));
            Assert.True(File.Exists(path), output + "\n" + offline);
            Assert.Contains(output, offline.StandardOutput, StringComparison.Ordinal);
        }

        var results = File.ReadAllText(repo.PathOf(".llmops/eval/results.json"));
        Assert.Contains("\"mode\": \"offline\"", results, StringComparison.Ordinal);
        Assert.Contains(baseCommit, results, StringComparison.Ordinal);
        Assert.Contains("support.classify", File.ReadAllText(repo.PathOf(".llmops/eval/report.md")), StringComparison.Ordinal);
        Assert.Contains("Gate: fail · exit code 2: a fail-level cost or latency rule broke", File.ReadAllText(repo.PathOf(".llmops/eval/report.md")), StringComparison.Ordinal);
        Assert.Contains("<testsuite", File.ReadAllText(repo.PathOf(".llmops/eval/report.junit.xml")), StringComparison.Ordinal);

        // Replaying changed nothing that is committed.
        Assert.Equal(string.Empty, repo.Git("status", "--porcelain"));
    }

    private ToolProcess.Result Eval(string dotnetEval, ConsumerRepository repo, bool withKey, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            [ConsumerRepository.KeyVariable] = withKey ? Key : null,
            ["OPENAI_API_KEY"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

        // The tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not in a standard location.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        }

        return ToolProcess.Run(dotnetEval, repo.Directory, environment, arguments);
    }

    private void AssertRestoredFromTheLocalFeed(params string[] ids)
    {
        foreach (var id in ids)
        {
            var metadata = Path.Combine(feed.PackagesDirectory, id.ToLowerInvariant(), feed.Version, ".nupkg.metadata");
            Assert.True(File.Exists(metadata), metadata);
            Assert.Contains(feed.FeedDirectory, File.ReadAllText(metadata).Replace("\\\\", "\\", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
