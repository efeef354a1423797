using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>`dotnet eval compare` names a prompt's unknown model at its position, with "did you mean", before any call.</summary>
public sealed class UnknownModelTests : CompareRepoTest
{
    [Fact]
    public void An_unknown_model_is_LLME116_at_the_model_line_before_any_call()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1"));
        Repo.Write("prompts/greet.prompt.yaml", Prompt("greet", ShortSystem));
        Repo.Write("datasets/greet.jsonl", Dataset("b-1"));
        Repo.CommitAll("base");
        // A typo in the candidate: one letter dropped from the model id.
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem).Replace(Model, "gpt-4o-mni-2024-07-18", StringComparison.Ordinal));

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--no-history");

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        Assert.Equal(0, server.RequestCount);
        var diagnostic = Regex.Match(result.Error, @"classify\.prompt\.yaml\((?<line>\d+),(?<col>\d+)\): error LLME116: (?<message>[^\r\n]*)");
        Assert.True(diagnostic.Success, result.Error);
        int modelLine = Prompt("classify", ShortSystem).Split('\n').ToList().FindIndex(l => l.StartsWith("model:", StringComparison.Ordinal)) + 1;
        Assert.Equal(modelLine, int.Parse(diagnostic.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'gpt-4o-mni-2024-07-18'", diagnostic.Groups["message"].Value, StringComparison.Ordinal);
        Assert.Contains($"Did you mean '{Model}'?", diagnostic.Groups["message"].Value, StringComparison.Ordinal);
        Assert.False(File.Exists(Repo.PathOf(".llmops/eval/results.json")));
    }

    [Fact]
    public void A_model_with_no_close_catalog_id_points_at_the_catalog_list()
    {
        Repo.Write("llmops.eval.yaml", "prompts: [\"prompts/*.prompt.yaml\"]\ndatasets: \"datasets/{id}.jsonl\"\n");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem).Replace(Model, "house-model-v7", StringComparison.Ordinal));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1"));
        Repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--offline", "--no-history");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error LLME116: prompt 'classify': the model 'house-model-v7' is not in the model catalog", result.Error, StringComparison.Ordinal);
        Assert.Contains("dotnet eval cost --list", result.Error, StringComparison.Ordinal);
    }
    [Fact]
    public void A_model_declared_in_llmops_models_yaml_next_to_the_config_is_known_and_priced()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            """);
        Repo.Write("llmops.models.yaml", """
            schema_version: 1
            models:
              - id: house-model-v7
                provider: acme
                kind: snapshot
                max_output_tokens: 2048
                prices:
                  input: 1
                  output: 2
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem).Replace(Model, "house-model-v7", StringComparison.Ordinal));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1"));
        Repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--record", "--no-history");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.DoesNotContain("LLME116", result.Error, StringComparison.Ordinal);
        Assert.True(server.RequestCount > 0);
        Assert.Contains("house-model-v7", File.ReadAllText(Repo.PathOf(".llmops/eval/results.json")), StringComparison.Ordinal);
    }
}
