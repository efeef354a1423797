using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.Eval.Tests.Import;

/// <summary>
/// <c>compare --config promptfooconfig.yaml</c>: the config is recognised by its content, imported by the same code as
/// <c>import promptfoo</c> into .llmops/promptfoo, and run; recorded once against the fake provider, replayed offline.
/// </summary>
public sealed class CompareOnPromptfooConfigTests : CompareRepoTest
{
    [Fact]
    public void Compare_reads_a_promptfoo_config_directly_and_replays_it_offline()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Category: billing", new FakeUsage(InputTokens: 30, OutputTokens: 4));
        Repo.Write("evals/promptfooconfig.yaml", $$$"""
            prompts: ["Classify: {{ticket}}"]
            providers:
              - id: openai:gpt-4o-mini-2024-07-18
                config: { apiBaseUrl: "{{{server.OpenAIEndpoint}}}", apiKeyEnvar: {{{KeyVariable}}}, max_tokens: 20 }
            tests:
              - description: charged twice
                vars: { ticket: I was charged twice }
                assert:
                  - { type: starts-with, value: "Category:" }
                  - { type: icontains, value: billing }
                  - { type: python, value: "len(output) < 50" }
              - description: locked out
                vars: { ticket: I cannot log in }
                assert: [{ type: not-icontains, value: login }]
            """);
        Repo.CommitAll("base");
        var config = Repo.PathOf("evals/promptfooconfig.yaml");

        var recorded = CliRunner.Run("compare", "--config", config, "--baseline", "HEAD", "--record");
        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        Assert.Contains("is a promptfoo config", recorded.Error);
        Assert.Equal(2, server.RequestCount);
        Assert.True(File.Exists(Repo.PathOf("evals/.llmops/promptfoo/import-report.md")));
        Assert.True(File.Exists(Repo.PathOf("evals/.llmops/eval/results.json")));
        server.Dispose();

        var offline = CliRunner.Run("compare", "--config", config, "--baseline", "HEAD", "--offline");
        Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
        Assert.Contains("disabled 'python' assertion not scored", offline.Error);
        var run = EvalRunJson.ReadFile(Repo.PathOf("evals/.llmops/eval/results.json"));
        var prompt = Assert.Single(run.Prompts);
        Assert.Equal(new[] { "charged-twice", "locked-out" }, prompt.Cases.Select(c => c.CaseId));
        Assert.All(prompt.Cases, c => Assert.Equal(CaseStatus.Passed, c.Candidate!.Status));
        Assert.All(prompt.Cases, c => Assert.True(c.Candidate!.Replayed));
        Assert.True(File.Exists(Repo.PathOf("evals/.llmops/cassettes/prompt-1.jsonl")));
    }

    [Fact]
    public void A_broken_promptfoo_config_stops_compare_with_its_diagnostic()
    {
        Repo.Write("promptfooconfig.yaml", "prompts: [\"Hi {{name}}\"]\ntests: file://missing.csv\n");
        Repo.CommitAll("base");
        var result = CliRunner.Run("compare", "--config", Repo.PathOf("promptfooconfig.yaml"), "--baseline", "HEAD", "--offline");
        Assert.Equal(ExitCodes.CouldNotRun, result.ExitCode);
        Assert.Contains("promptfooconfig.yaml(2,8): error LLME124", result.Error);
    }
}
