using System;
using System.Diagnostics;
using System.IO;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// Installs a system prerequisite (PostgreSQL, Chromium) with the repository's own script in .ci/ when a test finds it
/// missing, so that `dotnet test` on a fresh Debian/Ubuntu machine needs no step of its own. The scripts are idempotent
/// and use apt-get as root or through sudo; elsewhere they fail and the test reports what to install.
/// </summary>
public static class TestPrerequisites
{
    private static readonly object Gate = new();

    /// <summary>Runs .ci/<paramref name="script"/> once per process; returns its output, or why it could not run.</summary>
    public static string Install(string script)
    {
        lock (Gate)
        {
            string? root = RepositoryFolder.TryRoot;
            if (root is null) return "the repository root (LlmOps.Guardrails.sln) was not found above " + AppContext.BaseDirectory;
            string path = Path.Combine(root, ".ci", script);
            if (!File.Exists(path)) return path + " does not exist";

            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(path);
            try
            {
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                string stdout = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return $"{path} exited {process.ExitCode}\n{stdout}{stderr.Result}";
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return $"{path} could not run: {ex.Message}";
            }
        }
    }
}
