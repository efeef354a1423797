using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Reports;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// The gate as compare writes it into its outputs, end to end on a temp repository: a failing gate and a run that
/// could not complete both say in every report what the command's exit code says.
/// </summary>
public sealed class CompareGateReportTests : CompareRepoTest
{
    [Fact]
    public void A_failing_cost_gate_is_a_failure_in_every_report_with_exit_code_2()
    {
        using var server = FakeProviderServer.Start();
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            cassettes: .llmops/cassettes
            concurrency: 1
            gate:
              cost: { max_increase_percent: 10 }
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " " + string.Concat(Enumerable.Repeat("Think about every policy detail first. ", 40))));
        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("billing", new FakeUsage(InputTokens: 100, OutputTokens: 5)));
        for (int i = 0; i < 3; i++) server.Enqueue(FakeResponse.Ok("billing", new FakeUsage(InputTokens: 300, OutputTokens: 5)));

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--record", "--no-history");
        Assert.True(result.ExitCode == 2, result.Output + result.Error);

        var printed = ReportGateAssertions.GateLines(result.Output + result.Error);
        Assert.Single(printed, l => l.StartsWith("gate failed: classify: cost per 1k calls rises", StringComparison.Ordinal));
        var run = ReportGateAssertions.AssertOutputsCarry(Repo.PathOf(".llmops/eval"), printed);
        Assert.Equal(GateResult.Fail, run.Gate!.Result);
        Assert.Equal(result.ExitCode, run.Gate.ExitCode);
        Assert.Contains("exit code 2: a fail-level cost or latency rule broke", File.ReadAllText(Repo.PathOf(".llmops/eval/report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_missing_recordings_is_could_not_run_in_the_reports_it_writes()
    {
        Repo.Write("llmops.eval.yaml", """
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            concurrency: 1
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-only"));
        Repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--offline", "--no-history");
        Assert.Equal(3, result.ExitCode);

        // Whatever outputs the incomplete run leaves must not read as a pass.
        var run = EvalRunJson.ReadFile(Repo.PathOf(".llmops/eval/results.json"));
        Assert.Equal(GateResult.CouldNotRun, run.Gate!.Result);
        Assert.Equal(3, run.Gate.ExitCode);
        Assert.Contains("recording missing", run.Gate.CouldNotRunReason, StringComparison.Ordinal);
        Assert.Contains("could not run: 1 recording missing", File.ReadAllText(Repo.PathOf(".llmops/eval/report.md")), StringComparison.Ordinal);
    }
}
