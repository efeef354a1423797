using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>Prompts deleted in the working tree, and baseline refs resolved before any file is read.</summary>
public sealed class RemovedPromptTests : CompareRepoTest
{
    [Fact]
    public void A_deleted_prompt_file_is_reported_as_removed_with_its_baseline_cases_missing_and_only_warns()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/greet.prompt.yaml", Prompt("greet", "Greet the customer about their billing question."));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2"));
        Repo.Write("datasets/greet.jsonl", Dataset("hello-1", "hello-2", "hello-3"));
        Repo.CommitAll("base");
        Repo.Delete("prompts/greet.prompt.yaml");
        Repo.Delete("datasets/greet.jsonl");

        // A file that only moved keeps its prompt id: it is the same prompt, not a removed one.
        Repo.Write("prompts/classify-v2.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Delete("prompts/classify.prompt.yaml");

        var result = Compare("--record");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("prompt greet removed", result.Output);
        Assert.DoesNotContain("missing from the candidate", result.Output);
        Assert.Contains("gate warning: greet: the prompt file was removed; its 3 baseline cases have no candidate.", result.Output);

        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        Assert.Equal(new[] { "classify", "greet" }, run.Prompts.Select(p => p.PromptId));
        Assert.NotEqual(PromptVerdict.Removed, run.Prompts[0].Verdict);
        var removed = run.Prompts[1];
        Assert.Equal(PromptVerdict.Removed, removed.Verdict);
        Assert.NotNull(removed.BaselineHash);
        Assert.Null(removed.CandidateHash);
        Assert.Equal(3, removed.Baseline.Cases);
        Assert.Equal(0, removed.Candidate.Cases);
        Assert.All(removed.Cases, c =>
        {
            Assert.Equal(CaseChange.Removed, c.Change);
            Assert.Null(c.Candidate);
            Assert.Equal(CaseStatus.Passed, c.Baseline!.Status);
        });
        Assert.Contains("\"verdict\": \"removed\"", File.ReadAllText(Repo.PathOf(".llmops/eval/results.json")));
        Assert.Equal(3, removed.PairedCases); // a missing case is not a passing case
        Assert.Contains("| greet | 🗑️ removed, prompt file deleted |", File.ReadAllText(Repo.PathOf(".llmops/eval/report.md")));
        Assert.Contains("name=\"verdict\" value=\"removed\"", File.ReadAllText(Repo.PathOf(".llmops/eval/report.junit.xml")));
    }

    [Fact]
    public void A_commit_message_search_baseline_ref_reads_the_baseline_files_at_that_commit()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig(server.OpenAIEndpoint.ToString());
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2"));
        Repo.CommitAll("Prompts as first shipped");
        string shipped = Repo.Git("rev-parse", "HEAD");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Be brief."));
        Repo.CommitAll("Shorter answers");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Be very brief."));

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", ":/first shipped", "--record");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        Assert.Equal(shipped, run.Provenance.BaselineCommit);
        var prompt = Assert.Single(run.Prompts);

        // Read at the resolved commit, the baseline exists (a ":/..." ref followed by ":path" would find nothing).
        Assert.NotNull(prompt.BaselineHash);
        Assert.All(prompt.Cases, c => Assert.Equal(CaseChange.Same, c.Change));
        Assert.Contains(server.Requests, r => r.Body.Contains(ShortSystem + "\"", StringComparison.Ordinal));
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--no-history" }.Concat(extra).ToArray());

    private void WriteConfig(string baseUrl) => Repo.Write("llmops.eval.yaml", $$"""
        prompts: ["prompts/*.prompt.yaml"]
        datasets: "datasets/{id}.jsonl"
        providers:
          default: { type: openai-compatible, base_url: "{{baseUrl}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
        cassettes: .llmops/cassettes
        concurrency: 1
        gate:
          quality: { max_drop: 0.05, level: fail }
          latency: { level: off }
        """);
}
