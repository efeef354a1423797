using System;
using System.Globalization;
using System.IO;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// Progress of `dotnet eval compare` on stderr: a live line rewritten in place on an interactive terminal, plain lines
/// every 10 % in CI or when the output is redirected ("[compare] 120/400 calls, 3 errors, $0.0123"). It only writes while
/// the calls run, so it never interleaves with the headline and the report paths.
/// </summary>
public sealed class CompareProgressReporter
{
    private readonly object gate = new();
    private readonly TextWriter writer;
    private readonly bool interactive;
    private int lastBucket;
    private bool wroteLive;

    public CompareProgressReporter(TextWriter writer, bool interactive)
    {
        this.writer = writer ?? throw new ArgumentNullException(nameof(writer));
        this.interactive = interactive;
    }

    /// <summary>True on a terminal: neither stdout nor stderr redirected, and not in CI.</summary>
    public static bool IsInteractiveConsole() =>
        !Console.IsOutputRedirected
        && !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"))
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"));

    public static string Format(CompareProgress progress) => string.Format(
        CultureInfo.InvariantCulture,
        "[compare] {0}/{1} calls, {2} error{3}, ${4:0.0000}",
        progress.CompletedCalls,
        progress.TotalCalls,
        progress.Errors,
        progress.Errors == 1 ? string.Empty : "s",
        progress.CostUsd);

    public void Report(CompareProgress progress)
    {
        if (progress is null) throw new ArgumentNullException(nameof(progress));
        lock (gate)
        {
            if (interactive)
            {
                int total = Math.Max(1, progress.TotalCalls);
                int width = 24;
                int filled = (int)Math.Min(width, (long)progress.CompletedCalls * width / total);
                writer.Write("\r[" + new string('#', filled) + new string('-', width - filled) + "] " + Format(progress) + "   ");
                writer.Flush();
                wroteLive = true;
                return;
            }

            int bucket = progress.TotalCalls <= 0 ? 10 : (int)Math.Min(10, (long)progress.CompletedCalls * 10 / progress.TotalCalls);
            if (bucket <= lastBucket) return;
            lastBucket = bucket;
            writer.WriteLine(Format(progress));
            writer.Flush();
        }
    }

    /// <summary>Ends the live line, so what follows starts on a fresh line.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (wroteLive)
            {
                writer.WriteLine();
                writer.Flush();
                wroteLive = false;
            }
        }
    }
}
