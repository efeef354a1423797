using System.Diagnostics;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>The action's "Apply fail-on" script, run with bash: which compare and comment exit codes fail the step.</summary>
public class ActionFailOnTests
{
    [Theory]
    [InlineData("quality,cost,error", "0", 0)]
    [InlineData("quality,cost,error", "1", 1)]
    [InlineData("quality,cost,error", "2", 2)]
    [InlineData("quality,cost,error", "3", 3)]
    [InlineData("quality", "2", 0)]
    [InlineData("cost", "1", 0)]
    [InlineData(" Quality , Cost ", "2", 2)]
    [InlineData("none", "1", 0)]
    [InlineData("quality,cost", "3", 0)]
    [InlineData("error", "", 3)]
    [InlineData("costly", "2", 0)]
    public void Fails_only_on_the_listed_levels(string failOn, string exitCode, int expected)
    {
        var (code, output) = RunGate(failOn, exitCode, commentExitCode: "");

        Assert.True(expected == code, output);
    }

    [Theory]
    [InlineData("quality,cost,error", "0", "3", 3, "::error::")]
    [InlineData("error", "0", "3", 3, "::error::")]
    [InlineData("none", "0", "3", 0, "::warning::")]
    [InlineData("quality,cost", "0", "3", 0, "::warning::")]
    [InlineData("quality,cost", "1", "3", 1, "::warning::")]
    [InlineData("none", "0", "0", 0, "")]
    [InlineData("quality,cost,error", "2", "3", 2, "::error::")]
    public void A_comment_that_could_not_be_posted_fails_only_on_the_error_level(string failOn, string exitCode, string commentExitCode, int expected, string annotation)
    {
        var (code, output) = RunGate(failOn, exitCode, commentExitCode);

        Assert.True(expected == code, output);
        if (annotation.Length == 0)
        {
            Assert.DoesNotContain("comment", output, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Contains(annotation + "dotnet eval comment could not post", output, StringComparison.Ordinal);
            Assert.Contains("see the comment step's log", output, StringComparison.Ordinal);
        }
    }

    private static (int Code, string Output) RunGate(string failOn, string exitCode, string commentExitCode)
    {
        var step = ActionDefinition.Load().Steps.Single(s => s.Name == "Apply fail-on");
        var start = new ProcessStartInfo("bash");
        foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run! }) start.ArgumentList.Add(arg);
        start.Environment["INPUT_FAIL_ON"] = failOn;
        start.Environment["EXIT_CODE"] = exitCode;
        start.Environment["COMMENT_EXIT_CODE"] = commentExitCode;

        var result = ChildProcess.Run(start);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
