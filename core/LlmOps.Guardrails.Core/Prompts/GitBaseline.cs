using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>Reads a file as committed at a git ref (<c>git show ref:path</c>), without touching the working tree.</summary>
public static class GitBaseline
{
    /// <summary>How long one git command may run before it is stopped and the read fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The content of <paramref name="path"/> (absolute, or relative to <paramref name="workingDirectory"/>) at
    /// <paramref name="gitRef"/>. False with a reason (git not installed, not a repository, unknown ref, no such
    /// file at that ref) in <paramref name="error"/>.
    /// </summary>
    /// <remarks>
    /// Runs <c>git</c> from PATH directly (no shell), each command limited to <see cref="DefaultTimeout"/>. The path is
    /// made relative to the repository root with <c>git rev-parse --show-prefix</c> / <c>--show-toplevel</c>; the
    /// content is the committed blob decoded as UTF-8 (no checkout, no textconv). Never throws.
    /// </remarks>
    public static bool TryReadFile(string workingDirectory, string gitRef, string path, out string? content, out string? error) =>
        TryReadFile(workingDirectory, gitRef, path, out content, out error, "git", DefaultTimeout);

    /// <summary><see cref="TryReadFile(string, string, string, out string?, out string?)"/> with the git executable and timeout chosen.</summary>
    internal static bool TryReadFile(string workingDirectory, string gitRef, string path, out string? content, out string? error, string gitExecutable, TimeSpan timeout)
    {
        content = null;
        try
        {
            return Read(workingDirectory, gitRef, path, gitExecutable, timeout, out content, out error);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            content = null;
            error = $"Could not read '{path}' at git ref '{gitRef}': {e.Message}";
            return false;
        }
    }

    private static bool Read(string workingDirectory, string gitRef, string path, string git, TimeSpan timeout, out string? content, out string? error)
    {
        content = null;
        if (string.IsNullOrWhiteSpace(workingDirectory) || !Directory.Exists(workingDirectory))
        {
            error = $"The directory '{workingDirectory}' does not exist.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            error = "No file path was given.";
            return false;
        }

        if ((error = ValidateRef(gitRef)) is not null)
        {
            return false;
        }

        var directory = Path.GetFullPath(workingDirectory);
        var fullPath = Path.GetFullPath(Path.Combine(directory, path));

        // 1. Is this a repository, and where in it are we?
        var prefixRun = Run(git, directory, timeout, "rev-parse", "--show-prefix");
        if (prefixRun.Error is not null)
        {
            error = prefixRun.Error;
            return false;
        }

        if (prefixRun.ExitCode != 0)
        {
            error = $"'{directory}' is not inside a git repository ({FirstLine(prefixRun.StandardError)}).";
            return false;
        }

        string? repoPath;
        if (TryRelative(directory, fullPath, out var underDirectory))
        {
            repoPath = prefixRun.Text.Trim() + underDirectory;
        }
        else
        {
            var top = Run(git, directory, timeout, "rev-parse", "--show-toplevel");
            if (top.Error is not null || top.ExitCode != 0)
            {
                error = top.Error ?? $"git rev-parse --show-toplevel failed: {FirstLine(top.StandardError)}";
                return false;
            }

            if (!TryRelative(Path.GetFullPath(top.Text.Trim()), fullPath, out var underTop))
            {
                error = $"'{fullPath}' is outside the git repository at '{top.Text.Trim()}'.";
                return false;
            }

            repoPath = underTop;
        }

        if (repoPath.Length == 0)
        {
            error = $"'{fullPath}' is the repository root, not a file.";
            return false;
        }

        // 2. Does the ref exist? (A shallow CI clone often lacks the base branch: say so.)
        var verify = Run(git, directory, timeout, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}");
        if (verify.Error is not null)
        {
            error = verify.Error;
            return false;
        }

        if (verify.ExitCode != 0)
        {
            error = $"Unknown git ref '{gitRef}'. If it is a branch of the remote, fetch it first (in CI: a full clone, e.g. actions/checkout with fetch-depth: 0, or 'git fetch origin {gitRef}').";
            return false;
        }

        // 3. Is the path a file at that ref?
        var objectName = gitRef + ":" + repoPath;
        var type = Run(git, directory, timeout, "cat-file", "-t", objectName);
        if (type.Error is not null)
        {
            error = type.Error;
            return false;
        }

        if (type.ExitCode != 0)
        {
            error = $"'{repoPath}' does not exist at '{gitRef}'.";
            return false;
        }

        if (!string.Equals(type.Text.Trim(), "blob", StringComparison.Ordinal))
        {
            error = $"'{repoPath}' at '{gitRef}' is a {type.Text.Trim()}, not a file.";
            return false;
        }

        // 4. The content, as committed.
        var show = Run(git, directory, timeout, "show", "--no-textconv", objectName);
        if (show.Error is not null)
        {
            error = show.Error;
            return false;
        }

        if (show.ExitCode != 0)
        {
            error = $"git show {objectName} failed: {FirstLine(show.StandardError)}";
            return false;
        }

        content = show.Text;
        error = null;
        return true;
    }

    internal static string? ValidateRef(string? gitRef)
    {
        if (string.IsNullOrWhiteSpace(gitRef))
        {
            return "No git ref was given.";
        }

        if (gitRef![0] == '-')
        {
            return $"'{gitRef}' is not a valid git ref: it starts with '-'.";
        }

        foreach (var c in gitRef)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == ':')
            {
                return $"'{gitRef}' is not a valid git ref: it contains {(c == ':' ? "':'" : "whitespace or control characters")}.";
            }
        }

        return null;
    }

    // The path of 'file' under 'root' with '/' separators; false when it is not under it.
    private static bool TryRelative(string root, string file, out string relative)
    {
        relative = string.Empty;
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var normalizedRoot = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (string.Equals(normalizedRoot, file.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), comparison))
        {
            return true;
        }

        var withSeparator = normalizedRoot + Path.DirectorySeparatorChar;
        if (!file.StartsWith(withSeparator, comparison))
        {
            return false;
        }

        relative = file.Substring(withSeparator.Length).Replace('\\', '/');
        return true;
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var cut = trimmed.IndexOfAny(new[] { '\r', '\n' });
        return cut < 0 ? trimmed : trimmed.Substring(0, cut);
    }

    private static GitRun Run(string git, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(git)
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Never prompt for credentials; keep messages in English; never page.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_PAGER"] = "cat";
        var all = new List<string> { "-C", directory };
        all.AddRange(arguments);
#if NET5_0_OR_GREATER
        foreach (var argument in all)
        {
            start.ArgumentList.Add(argument);
        }
#else
        start.Arguments = JoinArguments(all);
#endif

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            return new GitRun($"git is not installed or not on PATH ('{git}' could not be started: {e.Message}). Install git to compare prompts against a baseline.");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = new MemoryStream();
            var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var readErr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds))))
            {
                try
                {
                    process.Kill();
                }
                catch (Exception e) when (e is InvalidOperationException or Win32Exception)
                {
                    // It finished meanwhile.
                }

                return new GitRun($"git {string.Join(" ", arguments)} did not finish within {timeout.TotalSeconds:0} s and was stopped.");
            }

            Task.WaitAll(new Task[] { readOut, readErr }, timeout);
            process.WaitForExit();
            var text = new UTF8Encoding(false, false).GetString(stdout.ToArray());
            return new GitRun(process.ExitCode, text, readErr.IsCompleted ? readErr.Result : string.Empty);
        }
    }

    // Windows command-line quoting (CommandLineToArgvW rules), which .NET also uses to split Arguments on Unix.
    internal static string JoinArguments(IEnumerable<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                builder.Append(argument);
                continue;
            }

            builder.Append('"');
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                if (c == '"')
                {
                    builder.Append('\\', (backslashes * 2) + 1).Append('"');
                }
                else
                {
                    builder.Append('\\', backslashes).Append(c);
                }

                backslashes = 0;
            }

            builder.Append('\\', backslashes * 2).Append('"');
        }

        return builder.ToString();
    }

    private sealed class GitRun
    {
        public GitRun(string error)
        {
            Error = error;
            ExitCode = -1;
            Text = string.Empty;
            StandardError = string.Empty;
        }

        public GitRun(int exitCode, string text, string standardError)
        {
            ExitCode = exitCode;
            Text = text;
            StandardError = standardError;
        }

        public string? Error { get; }

        public int ExitCode { get; }

        public string Text { get; }

        public string StandardError { get; }
    }
}
