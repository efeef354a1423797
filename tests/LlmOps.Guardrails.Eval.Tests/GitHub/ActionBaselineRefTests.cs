using System.Diagnostics;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The action's "Fetch the baseline" script, run with bash in a checkout whose origin has the branches: git's own ref
/// rules decide what a baseline name is, so every name git allows is fetched and the rest are refused before git runs.
/// </summary>
public sealed class ActionBaselineRefTests : IDisposable
{
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData("main")]
    [InlineData("release/v1.2+build")]
    [InlineData("user@example/fix")]
    [InlineData("issue#42")]
    [InlineData("größe/änderung")]
    [InlineData("功能/提示")]
    public void A_name_git_allows_is_fetched(string name)
    {
        if (name != "main") workspace.Git("push", "-q", "origin", "main:refs/heads/" + name);

        var (code, output, outputs) = Fetch(name);

        Assert.True(code == 0, output);
        Assert.Contains("ref=origin/" + name + "\n", outputs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-upload-pack=evil")]
    [InlineData("main..feature")]
    [InlineData("main:refs/heads/x")]
    [InlineData("@{-1}")]
    [InlineData("main@{upstream}")]
    [InlineData("with space")]
    [InlineData("ends.lock")]
    [InlineData("trailing/")]
    [InlineData("back\\slash")]
    [InlineData("star*")]
    public void A_name_git_refuses_is_refused_before_any_fetch(string name)
    {
        var (code, output, outputs) = Fetch(name);

        Assert.Equal(3, code);
        Assert.Contains("::error::baseline-ref is not a valid branch, tag or commit name", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ref=", outputs, StringComparison.Ordinal);
    }

    private (int Code, string Output, string Outputs) Fetch(string name)
    {
        var step = ActionDefinition.Load().Steps.Single(s => s.Id == "baseline");
        var outputFile = Path.Combine(workspace.Runner, "baseline-output-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(outputFile, "");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workspace.Root };
        foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run! }) start.ArgumentList.Add(arg);
        start.Environment["INPUT_BASELINE_REF"] = name;
        start.Environment["INPUT_FETCH_DEPTH"] = "1";
        start.Environment["INPUT_WORKING_DIRECTORY"] = ".";
        start.Environment["PR_BASE_REF"] = "main";
        start.Environment["DEFAULT_BRANCH"] = "main";
        start.Environment["GITHUB_OUTPUT"] = outputFile;

        var result = ChildProcess.Run(start);
        return (result.ExitCode, result.StandardOutput + result.StandardError, File.ReadAllText(outputFile));
    }
}
