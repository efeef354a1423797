using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>
/// One CLI run with the provider's view of it. The wall time splits into before the first call (startup, git, reading,
/// planning), the call window (first request to last response) and after the last call (scoring tail, cassette flush,
/// reports, exit); mean concurrency is the provider's busy time over the call window.
/// </summary>
internal sealed record SeriesRun(CliResult Result, int Calls, int PeakInFlight, TimeSpan BeforeFirstCall, TimeSpan CallWindow,
    TimeSpan AfterLastCall, double MeanConcurrency)
{
    public static SeriesRun Of(CliResult result, FakeOpenAIServer server)
    {
        long first = server.FirstRequestAt, last = server.LastResponseAt;
        if (server.Calls == 0 || first == 0)
        {
            return new SeriesRun(result, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
        }

        var window = Stopwatch.GetElapsedTime(first, last);
        return new SeriesRun(result, server.Calls, server.PeakInFlight,
            Stopwatch.GetElapsedTime(result.StartedAt, first), window, Stopwatch.GetElapsedTime(last, result.EndedAt),
            window > TimeSpan.Zero ? server.Busy / window : 0);
    }

    public string Describe(string mode, int number)
    {
        string head = string.Create(CultureInfo.InvariantCulture,
            $"{mode} #{number}: exit {Result.ExitCode}, wall {Result.Wall.TotalSeconds:F2} s, CPU {Result.CpuSeconds:F2} s, peak RSS {Result.PeakRssKb / 1024.0:F0} MB, " +
            $"provider calls {Calls}, peak in flight {PeakInFlight}");
        return Calls == 0 ? head : head + string.Create(CultureInfo.InvariantCulture,
            $", before first call {BeforeFirstCall.TotalSeconds:F2} s, call window {CallWindow.TotalSeconds:F2} s, " +
            $"after last call {AfterLastCall.TotalSeconds:F2} s, mean concurrency {MeanConcurrency:F1}");
    }
}

/// <summary>The runs of one mode, summarised as a Markdown row.</summary>
internal sealed record Series(IReadOnlyList<SeriesRun> Runs)
{
    public const string Header =
        "| run | n | wall median | wall max | CPU median | peak RSS max | provider calls | peak in flight | before 1st call | call window | after last call | mean concurrency | exit codes |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    public double Median(Func<SeriesRun, double> value)
    {
        var sorted = Runs.Select(value).Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Runs.Count} | {Median(r => r.Result.Wall.TotalSeconds):F2} s | {Runs.Max(r => r.Result.Wall.TotalSeconds):F2} s | " +
        $"{Median(r => r.Result.CpuSeconds):F2} s | {Runs.Max(r => r.Result.PeakRssKb) / 1024.0:F0} MB | {string.Join(", ", Runs.Select(r => r.Calls).Distinct())} | " +
        $"{Runs.Max(r => r.PeakInFlight)} | {Median(r => r.BeforeFirstCall.TotalSeconds):F2} s | {Median(r => r.CallWindow.TotalSeconds):F2} s | " +
        $"{Median(r => r.AfterLastCall.TotalSeconds):F2} s | {Median(r => r.MeanConcurrency):F1} | " +
        $"{string.Join(", ", Runs.Select(r => r.Result.ExitCode).Distinct())} |");
}
