using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Commands;
using LlmOps.Guardrails.Eval.Execution;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>Cancellation keeps a checkpoint of the completed cases; --resume runs only the rest.</summary>
public sealed class CompareResumeTests : CompareRepoTest
{
    [Fact]
    public void A_cancelled_run_keeps_its_checkpoint_and_resume_runs_only_the_remaining_calls()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 120, OutputTokens: 8));
        Setup(server);
        const int total = 3 * 2 + 2; // classify changed: 3 cases x 2 variants; greet unchanged: 2 cases once
        const int cancelAfter = 3;

        using var cts = new CancellationTokenSource();
        var cancelled = Run(cts.Token, p =>
        {
            if (p.CompletedCalls == cancelAfter) cts.Cancel();
        }, "--record", "--out", Out("resumed"));
        Assert.True(cancelled.ExitCode == 3, cancelled.Output + cancelled.Error);
        Assert.Equal(cancelAfter, server.RequestCount);
        string checkpoint = Path.Combine(Out("resumed"), CheckpointWriter.FileName);
        Assert.Equal(cancelAfter, File.ReadAllLines(checkpoint).Count(l => l.Length > 0));
        Assert.Equal(cancelAfter, CheckpointWriter.Read(checkpoint).Count);
        Assert.False(File.Exists(Path.Combine(Out("resumed"), "results.json")));
        Assert.Contains("--resume", cancelled.Error);
        Assert.Contains("cancelled: 3 of 8 cases", cancelled.Error);

        var resumed = Run(CancellationToken.None, null, "--record", "--resume", "--out", Out("resumed"));
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Equal(total, server.RequestCount); // only the remaining 5 calls
        Assert.True(File.Exists(Path.Combine(Out("resumed"), "results.json")));
        Assert.False(File.Exists(checkpoint));

        var straight = Run(CancellationToken.None, null, "--record", "--out", Out("straight"));
        Assert.True(straight.ExitCode == 0, straight.Output + straight.Error);
        Assert.Equal(2 * total, server.RequestCount);

        var a = EvalRunJson.ReadFile(Path.Combine(Out("resumed"), "results.json"));
        var b = EvalRunJson.ReadFile(Path.Combine(Out("straight"), "results.json"));
        Assert.Equal(a.Prompts.Select(p => (p.PromptId, p.BaselineHash, p.CandidateHash, p.Verdict)), b.Prompts.Select(p => (p.PromptId, p.BaselineHash, p.CandidateHash, p.Verdict)));
        foreach (var (x, y) in a.Prompts.SelectMany(p => p.Cases).Zip(b.Prompts.SelectMany(p => p.Cases)))
        {
            Assert.Equal(x.CaseId, y.CaseId);
            foreach (var (rx, ry) in new[] { (x.Baseline!, y.Baseline!), (x.Candidate!, y.Candidate!) })
            {
                Assert.Equal(rx.Status, ry.Status);
                Assert.Equal(rx.Output, ry.Output);
                Assert.Equal(rx.InputTokens, ry.InputTokens);
                Assert.Equal(rx.OutputTokens, ry.OutputTokens);
                Assert.Equal(rx.Cost, ry.Cost);
                Assert.Equal(rx.Scores.Select(s => (s.Scorer, s.Passed)), ry.Scores.Select(s => (s.Scorer, s.Passed)));
            }
        }
    }

    [Fact]
    public void Resume_skips_checkpointed_cases_whose_prompt_changed_since()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        Setup(server);

        using var cts = new CancellationTokenSource();
        var cancelled = Run(cts.Token, p =>
        {
            if (p.CompletedCalls == 2) cts.Cancel();
        }, "--record", "--out", Out("edit"));
        Assert.Equal(3, cancelled.ExitCode);
        Assert.Equal(2, server.RequestCount);

        // The first two cases were the classify baseline; editing the candidate does not invalidate them.
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in one word."));
        var resumed = Run(CancellationToken.None, null, "--record", "--resume", "--out", Out("edit"));
        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Equal(8, server.RequestCount);
    }

    [Fact]
    public async Task A_429_lowers_the_concurrency_of_the_run()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        server.Enqueue(FakeResponse.Error(429));
        Setup(server);
        Repo.Write("llmops.eval.yaml", File.ReadAllText(Repo.ConfigPath).Replace("concurrency: 1", "concurrency: 4"));

        var config = LlmOps.Guardrails.Eval.Config.EvalConfigReader.ReadFile(Repo.ConfigPath).Config!;
        var result = await EvalRunner.RunAsync(config, new CompareOptions { BaselineRef = "HEAD", Mode = LlmOps.Guardrails.Eval.Cassettes.CassetteMode.Record });
        Assert.NotNull(result.Run);
        Assert.Equal(8, server.RequestCount);
        Assert.Equal(2, result.LowestConcurrency);
        var errored = result.Run!.Prompts.SelectMany(p => p.Cases).SelectMany(c => new[] { c.Baseline, c.Candidate })
            .Where(r => r is not null && r.Status == CaseStatus.Errored).Distinct().ToList();
        Assert.Single(errored);
    }

    [Fact]
    public void Redirected_output_gets_plain_progress_lines_before_the_headline()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        Setup(server);

        var result = Run(CancellationToken.None, null, "--record");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Error.Split('\n').Where(l => l.StartsWith("[compare] ", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 1, 10);
        Assert.StartsWith("[compare] 8/8 calls, 0 errors, $", lines[^1]);
        Assert.DoesNotContain("[compare]", result.Output);
        Assert.DoesNotContain('\r', result.Error);
    }

    [Fact]
    public void Plain_progress_prints_one_line_per_ten_percent()
    {
        using var writer = new StringWriter();
        var reporter = new CompareProgressReporter(writer, interactive: false);
        for (int i = 1; i <= 400; i++) reporter.Report(new CompareProgress(i, 400, i >= 100 ? 3 : 0, i * 0.00003m));
        reporter.Complete();
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Equal("[compare] 40/400 calls, 0 errors, $0.0012", lines[0]);
        Assert.Equal("[compare] 120/400 calls, 3 errors, $0.0036", lines[2]);
        Assert.Equal("[compare] 400/400 calls, 3 errors, $0.0120", lines[9]);
    }

    [Fact]
    public void Interactive_progress_rewrites_one_line_and_ends_it()
    {
        using var writer = new StringWriter();
        var reporter = new CompareProgressReporter(writer, interactive: true);
        reporter.Report(new CompareProgress(1, 2, 0, 0m));
        reporter.Report(new CompareProgress(2, 2, 1, 0.5m));
        reporter.Complete();
        string text = writer.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.EndsWith(Environment.NewLine, text);
        Assert.Contains("[compare] 2/2 calls, 1 error, $0.5000", text);
    }

    private void Setup(FakeProviderServer server)
    {
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            cassettes: .llmops/cassettes
            concurrency: 1
            gate:
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/greet.prompt.yaml", Prompt("greet", "Greet the customer about their billing question."));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
        Repo.Write("datasets/greet.jsonl", Dataset("hello-1", "hello-2"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));
    }

    private (int ExitCode, string Output, string Error) Run(CancellationToken token, Action<CompareProgress>? onProgress, params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { CompareCommand.Create(output, error, onProgress) };
        var args = new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD" }.Concat(extra).ToArray();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        int exit = root.Parse(args).InvokeAsync(configuration, token).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    private string Out(string name) => Repo.PathOf("out/" + name);
}
