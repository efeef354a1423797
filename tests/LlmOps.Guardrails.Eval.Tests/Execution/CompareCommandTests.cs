using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// `dotnet eval compare` end to end: temp git repositories (base commit + edited working tree), the real OpenAI SDK
/// against the fake loopback server for --record, then strict --offline replay.
/// </summary>
public sealed class CompareCommandTests : CompareRepoTest
{
    [Fact]
    public void Record_then_offline_replay_gives_identical_results_and_writes_all_reports()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 120, OutputTokens: 8));
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/greet.prompt.yaml", Prompt("greet", "Greet the customer about their billing question."));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
        Repo.Write("datasets/greet.jsonl", Dataset("hello-1", "hello-2"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));

        var recorded = Compare("--record", "--out", Out("recorded"));
        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        // classify changed: 3 cases x 2 variants; greet unchanged: run once for both variants.
        Assert.Equal(3 * 2 + 2, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Equal(Model, r.Model));
        Assert.True(File.Exists(Repo.PathOf(".llmops/cassettes/classify.jsonl")));
        Assert.True(File.Exists(Repo.PathOf(".llmops/cassettes/greet.jsonl")));
        server.Dispose();

        var replayed = Compare("--offline", "--out", Out("offline"));
        Assert.True(replayed.ExitCode == 0, replayed.Output + replayed.Error);
        foreach (var file in new[] { "results.json", "report.md", "report.junit.xml", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(Out("offline"), file)), file);
            Assert.Contains(Path.Combine(Out("offline"), file), replayed.Output);
        }

        var first = EvalRunJson.ReadFile(Path.Combine(Out("recorded"), "results.json"));
        var second = EvalRunJson.ReadFile(Path.Combine(Out("offline"), "results.json"));
        Assert.Equal("record", first.Provenance.Mode);
        Assert.Equal("offline", second.Provenance.Mode);
        Assert.Equal("HEAD", second.Provenance.BaselineRef);
        Assert.Equal(Repo.Git("rev-parse", "HEAD"), second.Provenance.Commit);
        Assert.NotNull(second.Provenance.CatalogPricesCheckedOn);
        Assert.Equal(first.Prompts.Select(p => p.PromptId), second.Prompts.Select(p => p.PromptId));
        Assert.Equal(new[] { "classify", "greet" }, second.Prompts.Select(p => p.PromptId));
        Assert.True(second.Prompts[0].Changed);
        Assert.False(second.Prompts[1].Changed);
        foreach (var (a, b) in first.Prompts.Zip(second.Prompts))
        {
            Assert.Equal(a.BaselineHash, b.BaselineHash);
            Assert.Equal(a.CandidateHash, b.CandidateHash);
            Assert.Equal(a.Cases.Count, b.Cases.Count);
            foreach (var (x, y) in a.Cases.Zip(b.Cases))
            {
                Assert.Equal(x.CaseId, y.CaseId);
                foreach (var (rx, ry) in new[] { (x.Baseline!, y.Baseline!), (x.Candidate!, y.Candidate!) })
                {
                    Assert.Equal(CaseStatus.Passed, ry.Status);
                    Assert.Equal(rx.Status, ry.Status);
                    Assert.Equal(rx.Output, ry.Output);
                    Assert.Equal(rx.InputTokens, ry.InputTokens);
                    Assert.Equal(rx.OutputTokens, ry.OutputTokens);
                    Assert.Equal(rx.Cost, ry.Cost);
                    Assert.Equal(rx.LatencyMs, ry.LatencyMs);
                    Assert.False(rx.Replayed);
                    Assert.True(ry.Replayed);
                }
            }
        }

        Assert.Equal(120, second.Prompts[0].Cases[0].Candidate!.InputTokens);
        Assert.NotNull(second.Prompts[0].Cases[0].Candidate!.Cost);
        Assert.Contains(Headline.For(second), replayed.Output);
        Assert.Contains("<testsuite", File.ReadAllText(Path.Combine(Out("offline"), "report.junit.xml")));
    }

    [Fact]
    public void A_longer_system_prompt_that_raises_cost_fails_the_cost_gate_with_exit_2()
    {
        using var server = FakeProviderServer.Start();
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " " + string.Concat(Enumerable.Repeat("Think about every policy detail first. ", 40))));

        // concurrency 1: the baseline's three calls, then the candidate's; the candidate reads three times the tokens.
        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("billing", new FakeUsage(InputTokens: 100, OutputTokens: 5)));
        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("billing", new FakeUsage(InputTokens: 300, OutputTokens: 5)));

        var result = Compare("--record");
        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Equal(0, server.PendingScriptCount);
        Assert.Contains("cost", result.Error, StringComparison.OrdinalIgnoreCase);

        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        var prompt = Assert.Single(run.Prompts);
        Assert.True(prompt.Candidate.CostPerCall > prompt.Baseline.CostPerCall * 1.1m);
        Assert.Equal(1.0, prompt.Candidate.PassRate);

        // The same verdict replays offline from the recorded cassettes.
        server.Dispose();
        var offline = Compare("--offline");
        Assert.True(offline.ExitCode == 2, offline.Output + offline.Error);
    }

    [Fact]
    public void Candidate_outputs_failing_contains_assertions_fail_the_quality_gate_with_exit_1()
    {
        using var server = FakeProviderServer.Start();
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", "Answer the ticket."));

        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("billing"));
        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("Sorry, I cannot help with that."));

        var result = Compare("--record");
        Assert.True(result.ExitCode == 1, result.Output + result.Error);

        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        var prompt = Assert.Single(run.Prompts);
        Assert.Equal(1.0, prompt.Baseline.PassRate);
        Assert.Equal(0.0, prompt.Candidate.PassRate);
        Assert.All(prompt.Cases, c =>
        {
            Assert.Equal(CaseStatus.Failed, c.Candidate!.Status);
            var score = Assert.Single(c.Candidate.Scores);
            Assert.False(score.Passed);
            Assert.Contains("billing", score.Reason);
        });
        Assert.Contains("Regression", File.ReadAllText(Repo.PathOf(".llmops/eval/report.junit.xml")));
    }

    [Fact]
    public void Offline_with_no_cassette_exits_3_and_says_nothing_is_recorded_for_the_prompt()
    {
        Repo.Write("llmops.eval.yaml", """
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            concurrency: 1
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-only"));
        Repo.CommitAll("base");

        var result = Compare("--offline");
        Assert.Equal(3, result.ExitCode);
        // The whole prompt is unrecorded, so it is said once for the prompt, not once per case.
        Assert.Contains("nothing has been recorded yet for prompt 'classify' (baseline and candidate)", result.Error);
        Assert.DoesNotContain("case 'refund-only'", result.Error);
        Assert.Contains("--record", result.Error);
    }

    [Fact]
    public void A_case_removed_from_the_dataset_is_listed_and_counted_as_missing()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-gone"));
        Repo.CommitAll("base");
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2"));

        var result = Compare("--record");
        // A missing case is not a passing case: the paired pass rate drops by a third.
        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        Assert.Contains("1 case missing from the candidate", result.Output);
        // The prompt did not change: the two kept cases ran once, the removed one once (baseline only).
        Assert.Equal(3, server.RequestCount);

        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        var removed = Assert.Single(run.Prompts.Single().Cases, c => c.Change == CaseChange.Removed);
        Assert.Equal("refund-gone", removed.CaseId);
        Assert.Null(removed.Candidate);
        Assert.Equal(CaseStatus.Passed, removed.Baseline!.Status);
        Assert.Contains("refund-gone", File.ReadAllText(Repo.PathOf(".llmops/eval/report.md")));
        Assert.Contains("MissingCase", File.ReadAllText(Repo.PathOf(".llmops/eval/report.junit.xml")));
    }

    [Fact]
    public void A_new_prompt_has_only_a_candidate_and_a_missing_variable_errors_the_case()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("README.md", "base\n");
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1") + "{\"id\":\"no-vars\",\"vars\":{\"other\":\"x\"}}\n");

        var result = Compare("--record");
        Assert.Equal(3, result.ExitCode); // an errored case makes the comparison untrustworthy
        Assert.Equal(1, server.RequestCount);
        var prompt = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json")).Prompts.Single();
        Assert.All(prompt.Cases, c => Assert.Equal(CaseChange.Added, c.Change));
        Assert.Null(prompt.BaselineHash);
        var errored = prompt.Cases.Single(c => c.CaseId == "no-vars").Candidate!;
        Assert.Equal(CaseStatus.Errored, errored.Status);
        Assert.Contains("{{ticket}}", errored.Error);
    }

    [Fact]
    public void Concurrent_runs_with_repeats_score_every_repeat()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("c1", "c2", "c3", "c4", "c5", "c6"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Be brief."));

        var result = Compare("--record", "--concurrency", "4", "--repeats", "2");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(6 * 2 * 2, server.RequestCount);
        var prompt = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json")).Prompts.Single();
        Assert.Equal(6, prompt.Cases.Count);
        Assert.All(prompt.Cases, c =>
        {
            Assert.Equal(new[] { true, true }, c.Candidate!.RepeatPassed);
            Assert.Equal(CaseStatus.Passed, c.Baseline!.Status);
        });
    }

    [Fact]
    public void Judge_assertions_call_the_judge_record_its_verdicts_and_replay_them_offline()
    {
        using var server = FakeProviderServer.Start();
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            judge: { model: {{Model}}, rubric_default: "Names the billing category." }
            concurrency: 1
            gate:
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", """{"id":"judged","vars":{"ticket":"Charged twice"},"assert":[{"type":"judge"}]}""" + "\n");
        Repo.CommitAll("base");

        // Unchanged prompt: one application call, then one judge call.
        server.Enqueue(
            FakeResponse.Ok("billing"),
            FakeResponse.Ok("{\"score\": 0.9, \"pass\": true, \"reason\": \"names billing\"}"));
        var recorded = Compare("--record");
        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        Assert.Equal(2, server.RequestCount);
        Assert.Contains("Names the billing category.", server.Requests[1].Body);
        server.Dispose();

        var offline = Compare("--offline");
        Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        Assert.Equal(Model, run.Provenance.JudgeModel);
        var result = run.Prompts.Single().Cases.Single().Candidate!;
        Assert.Equal(CaseStatus.Passed, result.Status);
        Assert.Equal(0.9, Assert.Single(result.Scores).Score, 3);
        Assert.True(result.JudgeCost > 0);
    }

    [Fact]
    public void A_bad_config_is_reported_with_its_position_and_exit_3()
    {
        Repo.Write("llmops.eval.yaml", "prompts: [\"prompts/*.prompt.yaml\"]\nrepeats: 0\n");
        Repo.CommitAll("base");
        var result = Compare("--offline");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("llmops.eval.yaml(2,", result.Error);
        Assert.Contains("error LLME103", result.Error);
    }

    [Fact]
    public void An_unknown_baseline_ref_exits_3()
    {
        Repo.Write("llmops.eval.yaml", "prompts: [\"prompts/*.prompt.yaml\"]\ndatasets: \"datasets/{id}.jsonl\"\n");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1"));
        Repo.CommitAll("base");
        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "no-such-branch", "--offline");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no-such-branch", result.Error);
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD" }.Concat(extra).ToArray());

    private string Out(string name) => Repo.PathOf("out/" + name);

    private void WriteConfig(string baseUrl) => Repo.Write("llmops.eval.yaml", $$"""
        prompts: ["prompts/*.prompt.yaml"]
        datasets: "datasets/{id}.jsonl"
        providers:
          default: { type: openai-compatible, base_url: "{{baseUrl}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
        cassettes: .llmops/cassettes
        concurrency: 1
        gate:
          quality: { max_drop: 0.05, level: fail }
          cost: { max_increase_percent: 10 }
          latency: { level: off }
        """);
}
