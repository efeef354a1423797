using System;
using System.Diagnostics;
using System.IO;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>Runs git and returns its whole standard output (callers that need one line take the first).</summary>
internal static class GitCli
{
    /// <summary>git's stdout, or null with the reason (not installed, non-zero exit, timed out).</summary>
    public static string? Run(string workingDirectory, out string? error, params string[] arguments)
    {
        error = null;
        try
        {
            var start = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null)
            {
                error = "git could not be started";
                return null;
            }

            // stderr is drained concurrently so a chatty git cannot block on a full pipe while we read stdout.
            var stderrTask = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
                error = "git timed out";
                return null;
            }

            string stderr = stderrTask.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                error = string.IsNullOrWhiteSpace(stderr) ? $"git exited with {process.ExitCode}" : stderr.Trim();
                return null;
            }

            return stdout;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            error = "git is not installed or not on PATH: " + ex.Message;
            return null;
        }
    }
}
