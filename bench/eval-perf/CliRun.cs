using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>What one run of the real CLI process cost (CPU seconds: user + system, NaN when not measured).</summary>
internal sealed record CliResult(int ExitCode, long StartedAt, long EndedAt, TimeSpan Wall, double CpuSeconds, long PeakRssKb, string PeakRssSource, string Output, string Error);

/// <summary>
/// Runs the built <c>dotnet-eval.dll</c> as a child process, the way a user's shell does, and measures its wall time
/// and peak resident set. The peak comes from the kernel's rusage via <c>/usr/bin/time</c> when present (exact,
/// includes the last moments before exit); otherwise from polling <c>VmHWM</c> in <c>/proc/&lt;pid&gt;/status</c>.
/// </summary>
internal static class CliRun
{
    private const string TimeBinary = "/usr/bin/time";

    public static async Task<CliResult> RunAsync(string toolDll, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string? wrap = null)
    {
        string[] wrapper = wrap?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
        bool useTime = wrapper.Length == 0 && File.Exists(TimeBinary);
        string rssFile = Path.Combine(Path.GetTempPath(), "llmops-eval-perf-rss-" + Guid.NewGuid().ToString("N") + ".txt");
        var start = new ProcessStartInfo(useTime ? TimeBinary : wrapper.Length > 0 ? wrapper[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (useTime)
        {
            foreach (string a in new[] { "-f", "%M %U %S", "-o", rssFile, "dotnet" }) start.ArgumentList.Add(a);
        }
        else if (wrapper.Length > 0)
        {
            foreach (string a in wrapper[1..]) start.ArgumentList.Add(a);
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(toolDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        long startedAt = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long polledKb = useTime ? 0 : await PollPeakRssAsync(process).ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        long endedAt = Stopwatch.GetTimestamp();
        var wall = Stopwatch.GetElapsedTime(startedAt, endedAt);

        long peakKb = polledKb;
        double cpuSeconds = double.NaN;
        if (useTime)
        {
            // "%M %U %S": peak RSS in KiB, user and system CPU seconds; the last line, after anything the child printed.
            string[] last = File.ReadAllLines(rssFile)[^1].Split(' ');
            peakKb = long.Parse(last[0], CultureInfo.InvariantCulture);
            cpuSeconds = double.Parse(last[1], CultureInfo.InvariantCulture) + double.Parse(last[2], CultureInfo.InvariantCulture);
            File.Delete(rssFile);
        }

        return new CliResult(process.ExitCode, startedAt, endedAt, wall, cpuSeconds, peakKb, useTime ? "rusage maxrss (/usr/bin/time %M)" : "polled VmHWM",
            await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    // VmHWM only grows, so the last value read before the process goes away is its peak up to then.
    private static async Task<long> PollPeakRssAsync(Process process)
    {
        long peak = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            try
            {
                foreach (string line in await File.ReadAllLinesAsync(status).ConfigureAwait(false))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    string kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    peak = Math.Max(peak, long.Parse(kb, CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                break; // the process exited between the check and the read
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        return peak;
    }
}
