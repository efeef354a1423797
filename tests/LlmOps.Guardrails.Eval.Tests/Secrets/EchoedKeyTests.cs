using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Secrets;

/// <summary>
/// A provider key whose variable name has no secret-looking suffix, echoed back by the model, must not reach any file
/// the run writes: cassettes, results, reports, checkpoint or history.
/// </summary>
public sealed class EchoedKeyTests : CompareRepoTest
{
    // Unique per test class instance; deliberately not ending in _KEY/_TOKEN/_SECRET.
    private readonly string echoedKeyVariable = "MY_PROVIDER_APIKEY1_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string echoedKey = "sk-echo-" + Guid.NewGuid().ToString("N");

    public EchoedKeyTests() => Environment.SetEnvironmentVariable(echoedKeyVariable, echoedKey);

    [Fact]
    public void A_key_echoed_by_the_model_appears_in_no_output_file_nor_cassette()
    {
        using var server = FakeProviderServer.Start();
        // "login" fails the case's `icontains billing`, so the output and the reason are shown in every report.
        server.DefaultResponse = FakeResponse.Ok("login, and your key is " + echoedKey);
        try
        {
            Repo.Write("llmops.eval.yaml", $$"""
                prompts: ["prompts/*.prompt.yaml"]
                datasets: "datasets/{id}.jsonl"
                providers:
                  default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{echoedKeyVariable}}, max_retries: 0 }
                gate:
                  latency: { level: off }
                """);
            Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
            Repo.Write("datasets/classify.jsonl", Dataset("a-1", "a-2"));
            Repo.CommitAll("base");

            var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--record");

            Assert.True(File.Exists(Repo.PathOf(".llmops/eval/results.json")), result.Output + result.Error);
            Assert.True(server.Requests.All(r => r.CredentialMatches(echoedKey)), "the provider got the key");
            Assert.DoesNotContain(echoedKey, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(echoedKey, result.Error, StringComparison.Ordinal);
            var written = Directory.EnumerateFiles(Repo.PathOf(".llmops"), "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(written, f => f.EndsWith("report.md", StringComparison.Ordinal));
            Assert.Contains(written, f => f.EndsWith("report.html", StringComparison.Ordinal));
            Assert.Contains(written, f => f.EndsWith("report.junit.xml", StringComparison.Ordinal));
            Assert.Contains(written, f => f.Contains("cassettes", StringComparison.Ordinal));
            var leaking = written.Where(f => File.ReadAllText(f).Contains(echoedKey, StringComparison.Ordinal)).ToList();
            Assert.True(leaking.Count == 0, "the key is in: " + string.Join(", ", leaking));
            string results = File.ReadAllText(Repo.PathOf(".llmops/eval/results.json"));
            Assert.Contains(SecretScrubber.Redacted, results, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(echoedKeyVariable, null);
        }
    }
}
