using System.Diagnostics;
using System.Text;

namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// Runs an installed tool with stdout and stderr kept apart (the shared <see cref="DotNet"/> helper merges them), and
/// with an environment of the test's choosing, so a provider key exists only in the one process that records.
/// </summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
    }

    public static Result Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        Run(fileName, workingDirectory, environment, TimeSpan.FromMinutes(2), arguments);

    public static Result Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {limit}:\n{output}\n{error}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, Read(output), Read(error));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
