using LlmOps.Guardrails.Eval.Tests.Reports;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// The README's walkthrough (prompts-sample, replayed offline against the committed baseline commit): the three gate
/// warnings it prints and the two model switches behind the cost jump must be in all four outputs.
/// </summary>
public sealed class SampleCompareReportsTests : IDisposable
{
    private readonly string outFolder = Path.Combine(Path.GetTempPath(), "llmops-sample-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose() => LlmOps.Guardrails.Tests.Shared.TestFolders.TryDelete(outFolder);

    [Fact]
    public void Sample_compare_reports_carry_the_three_gate_warnings_and_the_model_changes()
    {
        var config = Path.Combine(CliRunner.RepositoryRoot, "prompts-sample", "llmops.eval.yaml");
        var run = CliRunner.Run("compare", "--config", config, "--baseline", ":/Sample baseline prompts", "--offline", "--out", outFolder, "--no-history");
        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + " (the sample needs the repository's history for its baseline commit)\n" + run.Output + run.Error);

        var printed = ReportGateAssertions.GateLines(run.Output + run.Error);
        Assert.Equal(
            [
                "gate warning: draft-reply: cost per 1k calls rises from $0.0456 to $0.9826 (+2056.4%), budget +10%.",
                "gate warning: draft-reply: p95 latency rises from 474.8 ms to 731.1 ms (+54%), budget +25%.",
                "gate warning: summarise-ticket: cost per 1k calls rises from $1.0979 to $2.4711 (+125.1%), budget +10%.",
            ],
            printed);

        var results = ReportGateAssertions.AssertOutputsCarry(
            outFolder,
            printed,
            ("draft-reply", "gpt-4o-mini-2024-07-18 → gpt-4.1-2025-04-14"),
            ("summarise-ticket", "claude-sonnet-4-5-20250929 → claude-opus-4-5-20251101"));
        Assert.Equal(LlmOps.Guardrails.Eval.Gate.GateResult.Warn, results.Gate!.Result);

        // The sample's prompts declare traffic, so the headline is the traffic-weighted figure and says so.
        Assert.StartsWith("Cost per 1k calls (weighted by declared traffic) will increase by $0.56 (+96%) 📈; ", run.Output, StringComparison.Ordinal);
    }
}
