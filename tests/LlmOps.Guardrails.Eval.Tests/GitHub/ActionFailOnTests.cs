using System.Diagnostics;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>The action's "Apply fail-on" script, run with bash: which compare exit codes fail the step.</summary>
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
        var step = ActionDefinition.Load().Steps.Single(s => s.Name == "Apply fail-on");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run! }) start.ArgumentList.Add(arg);
        start.Environment["INPUT_FAIL_ON"] = failOn;
        start.Environment["EXIT_CODE"] = exitCode;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(expected == process.ExitCode, output);
    }
}
