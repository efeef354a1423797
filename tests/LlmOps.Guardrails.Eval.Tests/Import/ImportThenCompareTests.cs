using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.Eval.Tests.Import;

/// <summary>
/// A promptfoo suite imported into a temp git repository, recorded once against the loopback fake provider, then
/// replayed with <c>compare --offline</c>: the imported cases run, the disabled assertion is skipped and listed.
/// </summary>
public sealed class ImportThenCompareTests : CompareRepoTest
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    [Fact]
    public void Imported_suite_records_then_replays_offline_with_disabled_assertions_listed()
    {
        Repo.Write("promptfooconfig.yaml", $$"""
            description: Ticket triage
            prompts:
              - file://prompts/triage.txt
            providers:
              - id: openai:{{Model}}
                config: { max_tokens: 60 }
            defaultTest:
              assert:
                - { type: latency, threshold: 60000 }
            tests:
              - description: double charge
                vars: { ticket: I was charged twice }
                assert:
                  - { type: icontains, value: billing }
                  - { type: not-icontains, value: sorry }
                  - { type: javascript, value: "output.length < 200" }
              - file://more-tickets.csv
            """);
        Repo.Write("prompts/triage.txt", "Classify the ticket in one word (billing, login or other): {{ ticket }}\n");
        Repo.Write("more-tickets.csv", "ticket,__expected\nRefund please,\"icontains-any: billing,refund\"\nWrong invoice total,starts-with: This\n");

        var import = CliRunner.Run("import", "promptfoo", Repo.PathOf("promptfooconfig.yaml"));
        Assert.True(import.ExitCode == ExitCodes.ImportedWithGaps, import.Output + import.Error);
        Assert.Contains("disabled: double-charge javascript", import.Output);

        // The one edit a team makes after importing: point the provider at its endpoint and key.
        var config = File.ReadAllText(Repo.ConfigPath);
        Assert.Contains("default: { type: openai, api_key_env: OPENAI_API_KEY }", config);
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 40, OutputTokens: 7));
        Repo.Write("llmops.eval.yaml", config.Replace(
            "default: { type: openai, api_key_env: OPENAI_API_KEY }",
            $"default: {{ type: openai-compatible, base_url: \"{server.OpenAIEndpoint}\", api_key_env: {KeyVariable}, max_retries: 0 }}\nconcurrency: 1"));
        Repo.CommitAll("base");
        Repo.Write("prompts/triage.prompt.yaml", File.ReadAllText(Repo.PathOf("prompts/triage.prompt.yaml")).Replace("one word", "exactly one word"));

        var recorded = Compare("--record", "--out", Repo.PathOf("out/recorded"));
        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
        Assert.Equal(3 * 2, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Equal(Model, r.Model));
        server.Dispose();

        var offline = Compare("--offline", "--out", Repo.PathOf("out/offline"));
        Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
        Assert.Contains("disabled 'javascript' assertion not scored: 'javascript' runs your own code", offline.Error);
        var run = EvalRunJson.ReadFile(Repo.PathOf("out/offline/results.json"));
        var prompt = Assert.Single(run.Prompts);
        Assert.Equal("triage", prompt.PromptId);
        Assert.Equal(new[] { "double-charge", "test-2", "test-3" }, prompt.Cases.Select(c => c.CaseId));
        Assert.All(prompt.Cases, c => Assert.Equal(CaseStatus.Passed, c.Candidate!.Status));
        Assert.All(prompt.Cases, c => Assert.True(c.Candidate!.Replayed));
    }

    [Fact]
    public void An_imported_assertion_that_fails_fails_the_replayed_case()
    {
        Repo.Write("promptfooconfig.yaml", $$$"""
            prompts: ["Answer: {{ question }}"]
            providers: [openai:{{{Model}}}]
            tests:
              - description: must say refund
                vars: { question: Can I get my money back? }
                assert: [{ type: starts-with, value: Refund }]
            """);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("import", "promptfoo", Repo.PathOf("promptfooconfig.yaml")).ExitCode);
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Yes, a refund is possible.", new FakeUsage(InputTokens: 20, OutputTokens: 6));
        Repo.Write("llmops.eval.yaml", File.ReadAllText(Repo.ConfigPath).Replace(
            "default: { type: openai, api_key_env: OPENAI_API_KEY }",
            $"default: {{ type: openai-compatible, base_url: \"{server.OpenAIEndpoint}\", api_key_env: {KeyVariable}, max_retries: 0 }}"));
        Repo.CommitAll("base");

        var recorded = Compare("--record", "--out", Repo.PathOf("out/recorded"));
        server.Dispose();
        var offline = Compare("--offline", "--out", Repo.PathOf("out/offline"));

        Assert.Equal(recorded.ExitCode, offline.ExitCode);
        var run = EvalRunJson.ReadFile(Repo.PathOf("out/offline/results.json"));
        var only = Assert.Single(Assert.Single(run.Prompts).Cases);
        Assert.Equal(CaseStatus.Failed, only.Candidate!.Status);
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD" }.Concat(extra).ToArray());
}
