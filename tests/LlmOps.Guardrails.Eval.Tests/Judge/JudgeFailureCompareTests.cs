using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Judge;

/// <summary>
/// A judge that first answers with malformed JSON and then fails with HTTP 500, end to end through `dotnet eval compare`:
/// the real OpenAI SDK against the loopback fake server, a temp git repository for the baseline. The case must come out
/// errored (never passed), the reports must still be written, and the run exits 3 when errored cases exceed the policy.
/// </summary>
public sealed class JudgeFailureCompareTests : CompareRepoTest
{
    [Fact]
    public void Malformed_judge_output_then_http_500_errors_the_case_and_exits_3()
    {
        using var server = FakeProviderServer.Start();
        Arrange(server.OpenAIEndpoint.ToString(), maxRetries: 1);

        server.Enqueue(
            FakeResponse.Ok("billing"),                           // the application's answer
            FakeResponse.Ok("I think this is fine, score 9/10"),  // the judge: not JSON
            FakeResponse.Error(500),                              // the repair round: server error ...
            FakeResponse.Error(500));                             // ... and again on the one retry
        var result = Compare("--record");

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        Assert.Equal(4, server.RequestCount); // one app call, one judge call, the repair call and its single retry: bounded
        Assert.Contains("gate failed", result.Error);
        Assert.Contains("errored", result.Error);

        var run = EvalRunJson.ReadFile(Repo.PathOf("out/results.json"));
        var candidate = run.Prompts.Single().Cases.Single().Candidate!;
        Assert.Equal(CaseStatus.Errored, candidate.Status);
        var verdict = Assert.Single(candidate.Scores);
        Assert.True(verdict.Errored);
        Assert.False(verdict.Passed);
        Assert.Contains("500", verdict.Reason);
        Assert.Equal(Model, run.Provenance.JudgeModel);

        // The errored case is visible in the headline and every report, none of which calls it passed.
        Assert.Contains("1 case errored (not evaluated)", result.Output);
        string markdown = File.ReadAllText(Repo.PathOf("out/report.md"));
        Assert.Contains("1 case errored (not evaluated)", markdown);
        Assert.Contains("errored 1 → 1", markdown);
        string junit = File.ReadAllText(Repo.PathOf("out/report.junit.xml"));
        Assert.Contains("<error", junit);
        Assert.True(File.Exists(Repo.PathOf("out/report.html")));
    }

    [Fact]
    public void Errored_cases_at_warn_level_are_reported_without_exit_3()
    {
        using var server = FakeProviderServer.Start();
        Arrange(server.OpenAIEndpoint.ToString(), maxRetries: 0, gate: "errored: { max_rate: 0, level: warn }");

        server.Enqueue(FakeResponse.Ok("billing"), FakeResponse.Ok("not json"), FakeResponse.Error(500));
        var result = Compare("--record");

        Assert.True(result.ExitCode != 3, result.Output + result.Error);
        Assert.Contains("gate warning", result.Output);
        var candidate = EvalRunJson.ReadFile(Repo.PathOf("out/results.json")).Prompts.Single().Cases.Single().Candidate!;
        Assert.Equal(CaseStatus.Errored, candidate.Status); // tolerated, still never "passed"
    }

    [Fact]
    public void A_judge_repaired_on_the_second_answer_scores_the_case()
    {
        using var server = FakeProviderServer.Start();
        Arrange(server.OpenAIEndpoint.ToString(), maxRetries: 0);

        server.Enqueue(
            FakeResponse.Ok("billing"),
            FakeResponse.Ok("Sure! {score: high}"),
            FakeResponse.Ok("{\"score\": 0.8, \"pass\": true, \"reason\": \"names billing\"}"));
        var result = Compare("--record");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(3, server.RequestCount);
        var candidate = EvalRunJson.ReadFile(Repo.PathOf("out/results.json")).Prompts.Single().Cases.Single().Candidate!;
        Assert.Equal(CaseStatus.Passed, candidate.Status);
        Assert.Equal(0.8, Assert.Single(candidate.Scores).Score, 3);
    }

    private void Arrange(string baseUrl, int maxRetries, string gate = "")
    {
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{baseUrl}}", api_key_env: {{KeyVariable}}, max_retries: {{maxRetries}} }
            judge: { model: {{Model}}, rubric_default: "Names the billing category." }
            concurrency: 1
            gate:
              latency: { level: off }
              {{gate}}
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", """{"id":"judged","vars":{"ticket":"Charged twice"},"assert":[{"type":"judge"}]}""" + "\n");
        Repo.CommitAll("base");
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--out", Repo.PathOf("out") }.Concat(extra).ToArray());
}
