using System;
using System.Diagnostics;
using System.IO;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// Makes sure a system program the tests start (PostgreSQL, Chromium) is there, with the repository's own script in
/// .ci/, so that `dotnet test` on a fresh Debian/Ubuntu machine needs no step of its own. The scripts are idempotent,
/// install with apt-get as root or through sudo, and print one line before they install anything (what, for which
/// tests, with which script); that line is passed on to this process's stderr as it comes. With
/// <see cref="InstallVariable"/>=0 the scripts install nothing and name the program and the script instead.
/// </summary>
public static class TestPrerequisites
{
    /// <summary>Set to 0 to install nothing; the tests that need a missing program then fail naming its script.</summary>
    public const string InstallVariable = "LLMOPS_TEST_INSTALL";

    private static readonly object Gate = new();

    /// <summary>
    /// Returns when <paramref name="isPresent"/> holds, running .ci/<paramref name="script"/> first if it does not.
    /// Throws <see cref="PrerequisiteMissingException"/> with the script's own words when the program is still missing.
    /// </summary>
    public static void Ensure(string script, Func<bool> isPresent)
    {
        // One install at a time: two fixtures must not run apt-get side by side.
        lock (Gate)
        {
            if (isPresent())
            {
                return;
            }

            var (succeeded, output) = Install(script);
            if (!succeeded)
            {
                throw new PrerequisiteMissingException(output);
            }

            if (!isPresent())
            {
                throw new PrerequisiteMissingException($".ci/{script} succeeded but the tests still do not find what it installs:\n{output}");
            }
        }
    }

    private static (bool Succeeded, string Output) Install(string script)
    {
        string? root = RepositoryFolder.TryRoot;
        if (root is null)
        {
            return (false, $"the repository root (LlmOps.Guardrails.sln) was not found above {AppContext.BaseDirectory}, so .ci/{script} cannot run");
        }

        string path = Path.Combine(root, ".ci", script);
        if (!File.Exists(path))
        {
            return (false, path + " does not exist");
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = root };
        start.ArgumentList.Add(path);
        try
        {
            // stderr carries the script's "installing: ..." line: shown as it happens, not only if a test fails later.
            var result = ChildProcess.Run(start, onStandardErrorLine: Console.Error.WriteLine);
            return (result.ExitCode == 0, result.Output.Trim());
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (false, $".ci/{script} could not run: {ex.Message}");
        }
    }
}

/// <summary>A program the tests need is missing and was not installed; the message says which and how to get it.</summary>
public sealed class PrerequisiteMissingException(string message) : Exception(message);
