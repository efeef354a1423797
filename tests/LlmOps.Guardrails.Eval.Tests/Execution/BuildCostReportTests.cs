using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// The build's cost report through the real `dotnet eval compare` and `dotnet eval comment`: folded in when it was
/// built from the prompt files being evaluated, left out with a one-line note when a prompt changed since the build.
/// The report pair is written with the core's own cost-report writer, as the MSBuild task writes it.
/// </summary>
public sealed class BuildCostReportTests : CompareRepoTest
{
    private const string ReportMarker = "build-cost-figure-42";
    private const string StaleText = "predates the prompt files it describes (classify changed since it was built) and was left out; rebuild the project to refresh it.";

    [Fact]
    public void A_report_built_from_the_current_prompts_is_folded_into_report_md()
    {
        string md = CompareWithBuildReport(editAfterBuild: false, out var result);

        Assert.Contains(ReportMarker, md, StringComparison.Ordinal);
        Assert.DoesNotContain("predates", md + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_older_than_an_edited_prompt_is_left_out_of_report_md_and_flagged()
    {
        string md = CompareWithBuildReport(editAfterBuild: true, out var result);

        Assert.DoesNotContain(ReportMarker, md, StringComparison.Ordinal);
        Assert.Contains(StaleText, md, StringComparison.Ordinal);
        Assert.Contains("warning: The build cost report (cost-report.md) " + StaleText, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_comment_folds_a_current_report_and_flags_a_stale_one(bool editAfterBuild)
    {
        CompareWithBuildReport(editAfterBuild, out _);
        string summary = Repo.PathOf("step-summary.md");
        // No pull-request event: the body goes to the step summary only, so no GitHub API is involved.
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_EVENT_PATH"] = null,
            ["GITHUB_EVENT_NAME"] = null,
            ["GITHUB_OUTPUT"] = null,
        };

        var result = CliRunner.RunProcess(environment, "comment", "--report-dir", Repo.PathOf(".llmops/eval"), "--cost-report", BuildReportPath("md"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        string body = File.ReadAllText(summary);
        Assert.Equal(!editAfterBuild, body.Contains(ReportMarker, StringComparison.Ordinal));
        Assert.Equal(editAfterBuild, body.Contains(StaleText, StringComparison.Ordinal));
        Assert.Equal(editAfterBuild, result.Error.Contains(StaleText, StringComparison.Ordinal));
    }

    private string CompareWithBuildReport(bool editAfterBuild, out (int ExitCode, string Output, string Error) result)
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            gate:
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1"));
        Repo.CommitAll("base");
        WriteBuildReport(Repo.PathOf("prompts/classify.prompt.yaml"));
        if (editAfterBuild) Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));

        result = CliRunner.Run("compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--record", "--no-history");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return File.ReadAllText(Repo.PathOf(".llmops/eval/report.md"));
    }

    private void WriteBuildReport(string promptPath)
    {
        var prompt = PromptFileReader.ReadFile(promptPath).Prompt!;
        var entry = PromptLockEntry.From(prompt, PromptHash.Compute(prompt), PromptEstimator.Estimate(prompt, ModelCatalog.Default), "prompts/classify.prompt.yaml");
        var report = CostReport.Compare(null, new PromptLockFile(new[] { entry }), ReportMarker);
        Repo.Write(Path.GetRelativePath(Repo.Root, BuildReportPath("json")), report.ToJson());
        Repo.Write(Path.GetRelativePath(Repo.Root, BuildReportPath("md")), report.ToMarkdown());
    }

    private string BuildReportPath(string extension) => Repo.PathOf($"obj/Debug/net10.0/llmops/cost-report.{extension}");
}
