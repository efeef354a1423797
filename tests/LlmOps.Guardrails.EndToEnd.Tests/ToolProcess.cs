using System.Diagnostics;

namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// Runs an installed tool with stdout and stderr kept apart (the shared <see cref="DotNet"/> helper merges them), and
/// with an environment of the test's choosing, so a provider key exists only in the one process that records. The
/// limit and the timeout handling are <see cref="ChildProcess"/>'s.
/// </summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
    }

    public static Result Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var result = ChildProcess.Run(start);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
