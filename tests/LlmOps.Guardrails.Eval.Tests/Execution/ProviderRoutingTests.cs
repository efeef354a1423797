using System.Linq;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>A prompt's calls go to the provider named after its model's provider, others to `default`.</summary>
public sealed class ProviderRoutingTests : CompareRepoTest
{
    private const string ClaudeModel = "claude-haiku-4-5-20251001";

    [Fact]
    public void Claude_prompts_go_to_the_anthropic_provider_and_the_rest_to_default()
    {
        using var openAi = FakeProviderServer.Start();
        using var anthropic = FakeProviderServer.Start();
        openAi.DefaultResponse = FakeResponse.Ok("billing");
        anthropic.DefaultResponse = FakeResponse.Ok("billing");
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{openAi.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
              anthropic: { type: openai-compatible, base_url: "{{anthropic.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            concurrency: 2
            gate:
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/triage.prompt.yaml", Prompt("triage", ShortSystem).Replace(Model, ClaudeModel, StringComparison.Ordinal));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1", "a-2"));
        Repo.Write("datasets/triage.jsonl", Dataset("b-1", "b-2", "b-3"));
        Repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--record", "--no-history");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(new[] { Model, Model }, openAi.Requests.Select(r => r.Model));
        Assert.Equal(Enumerable.Repeat(ClaudeModel, 3), anthropic.Requests.Select(r => r.Model));
    }
}
