using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// `azure-openai` end to end against the loopback fake: deployment-scoped paths with the api-version, the key in the
/// api-key header (never a bearer header), recorded and then replayed offline.
/// </summary>
public sealed class AzureOpenAIProviderTests : CompareRepoTest
{
    private const string UnmappedModel = "gpt-4o-2024-08-06";

    [Fact]
    public void Azure_calls_go_to_the_deployment_with_the_api_version_and_the_api_key_header_then_replay_offline()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteSuite(server, "api_version: 2025-01-01-preview, deployments: { " + Model + ": prod-mini }, ");

        var recorded = Compare("--record");

        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.True(r.Headers.ContainsKey("api-key"), r.ToString());
            Assert.False(r.Headers.ContainsKey("Authorization"), r.ToString());
            Assert.True(r.CredentialMatches("test-key-value"), r.ToString());
        });
        Assert.Equal(2, requests.Count(r => r.Path == "/openai/deployments/prod-mini/chat/completions?api-version=2025-01-01-preview"));
        Assert.Equal(1, requests.Count(r => r.Path == $"/openai/deployments/{UnmappedModel}/chat/completions?api-version=2025-01-01-preview"));

        var offline = Compare("--offline");

        Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
        Assert.Equal(3, server.RequestCount);
        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        var cases = run.Prompts.SelectMany(p => p.Cases).Select(c => c.Candidate!).ToList();
        Assert.Equal(3, cases.Count);
        Assert.All(cases, c => Assert.Equal((CaseStatus.Passed, true), (c.Status, c.Replayed)));
    }

    [Fact]
    public void Without_api_version_the_documented_default_is_sent()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteSuite(server, string.Empty);

        var recorded = Compare("--record");

        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        Assert.Contains(server.Requests, r => r.Path == $"/openai/deployments/{Model}/chat/completions?api-version=2024-10-21");
        Assert.All(server.Requests, r => Assert.EndsWith("?api-version=2024-10-21", r.Path, StringComparison.Ordinal));
    }

    private void WriteSuite(FakeProviderServer server, string azureKeys)
    {
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: azure-openai, base_url: "{{server.BaseUri.ToString().TrimEnd('/')}}", {{azureKeys}}api_key_env: {{KeyVariable}}, max_retries: 0 }
            concurrency: 1
            gate:
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/route.prompt.yaml", Prompt("route", ShortSystem).Replace(Model, UnmappedModel, StringComparison.Ordinal));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1", "a-2"));
        Repo.Write("datasets/route.jsonl", Dataset("b-1"));
        Repo.CommitAll("base");
    }

    private (int ExitCode, string Output, string Error) Compare(string mode) =>
        CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", mode, "--no-history");
}
