using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// The one way the tests start a child process (dotnet, git, bash, a server, a browser). Every child gets a limit that
/// holds on a loaded 2-core machine; on timeout its whole process tree is stopped, the folders it worked in are removed,
/// and a single <see cref="ChildProcessTimeoutException"/> names the command, the limit and how to raise it.
/// </summary>
public static class ChildProcess
{
    /// <summary>Minutes every child process may take; raise it on a slow or busy machine.</summary>
    public const string TimeoutVariable = "LLMOPS_TEST_TIMEOUT_MINUTES";

    /// <summary>A Release pack of the solution takes several minutes on an idle 2-core machine; 20 leaves room for load.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    /// <summary>What a child printed: each stream on its own, and both interleaved as they arrived.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, string Output);

    /// <summary>The limit of every child process: <see cref="TimeoutVariable"/> when set, otherwise <see cref="DefaultTimeout"/>.</summary>
    public static TimeSpan Limit => ParseLimit(Environment.GetEnvironmentVariable(TimeoutVariable));

    /// <summary>Reads a <see cref="TimeoutVariable"/> value; a value that is not a positive number is a mistake worth stopping for.</summary>
    public static TimeSpan ParseLimit(string? minutes)
    {
        if (string.IsNullOrWhiteSpace(minutes))
        {
            return DefaultTimeout;
        }

        if (double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= TimeSpan.MaxValue.TotalMinutes)
        {
            return TimeSpan.FromMinutes(value);
        }

        throw new InvalidOperationException($"{TimeoutVariable} must be a positive number of minutes, not '{minutes}'.");
    }

    /// <summary>
    /// Runs <paramref name="start"/> to completion and captures its output. <paramref name="limit"/> overrides
    /// <see cref="Limit"/> (tests of this helper use seconds); <paramref name="removeOnTimeout"/> are the folders the
    /// child worked in, deleted once its tree is stopped; <paramref name="onStandardErrorLine"/> sees each stderr line as
    /// it arrives, for a child whose progress must show while it runs.
    /// </summary>
    public static Result Run(
        ProcessStartInfo start,
        TimeSpan? limit = null,
        IEnumerable<string>? removeOnTimeout = null,
        Action<string>? onStandardErrorLine = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var effectiveLimit = limit ?? Limit;

        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data, standardOutput, output);
        process.ErrorDataReceived += (_, e) =>
        {
            Append(e.Data, standardError, output);
            if (e.Data is not null)
            {
                onStandardErrorLine?.Invoke(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(effectiveLimit))
        {
            StopTree(process);
            foreach (var folder in removeOnTimeout ?? Enumerable.Empty<string>())
            {
                TestFolders.TryDelete(folder);
            }

            throw new ChildProcessTimeoutException(Describe(start), effectiveLimit, LastLines(Read(output, output), 40));
        }

        // Without a limit: the exit is known, this only drains the last buffered output lines.
        process.WaitForExit();
        return new Result(process.ExitCode, Read(standardOutput, output), Read(standardError, output), Read(output, output));
    }

    /// <summary>The command line as a reader would type it, and where it ran.</summary>
    public static string Describe(ProcessStartInfo start)
    {
        var arguments = start.ArgumentList.Count > 0
            ? string.Join(' ', start.ArgumentList.Select(argument => argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? "'" + argument + "'" : argument))
            : start.Arguments;
        var folder = string.IsNullOrEmpty(start.WorkingDirectory) ? Environment.CurrentDirectory : start.WorkingDirectory;
        return $"{start.FileName} {arguments}".TrimEnd() + $" (in {folder})";
    }

    private static void StopTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }

        // Bounded: a descendant that left the tree (a daemon) may hold the output pipes open forever.
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private static void Append(string? line, StringBuilder stream, StringBuilder both)
    {
        if (line is null)
        {
            return;
        }

        lock (both)
        {
            stream.AppendLine(line);
            both.AppendLine(line);
        }
    }

    // The interleaved buffer is the lock of all three: a line goes into its stream and the interleaved output at once.
    private static string Read(StringBuilder buffer, StringBuilder gate)
    {
        lock (gate)
        {
            return buffer.ToString();
        }
    }

    private static string LastLines(string text, int count)
    {
        var lines = text.TrimEnd().Split('\n');
        return lines.Length <= count ? text.TrimEnd() : "...\n" + string.Join('\n', lines[^count..]);
    }
}

/// <summary>A child process outlived its limit; it and its descendants were stopped.</summary>
public sealed class ChildProcessTimeoutException : TimeoutException
{
    public ChildProcessTimeoutException(string command, TimeSpan limit, string lastOutput)
        : base($"Timed out after {Format(limit)} and stopped with its child processes: {command}\n"
            + $"On a slow or busy machine raise the limit with {ChildProcess.TimeoutVariable}=<minutes> (default {ChildProcess.DefaultTimeout.TotalMinutes:0}).\n"
            + "Last output:\n" + lastOutput)
    {
        Command = command;
        Limit = limit;
    }

    public string Command { get; }

    public TimeSpan Limit { get; }

    private static string Format(TimeSpan limit) => limit >= TimeSpan.FromMinutes(1)
        ? limit.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min"
        : limit.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
}
