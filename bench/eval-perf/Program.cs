using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>
/// `dotnet eval compare` at scale: N cases x 2 variants recorded live against a fake provider with a fixed latency,
/// then replayed fully offline, several times each; prints median/max wall time, peak RSS and the calls the
/// provider saw. Usage: EvalPerf --tool path/to/dotnet-eval.dll [--cases 1000] [--concurrency 32] [--delay-ms 100]
/// [--record-runs 3] [--offline-runs 5] [--keep] [--wrap "profiler args"] [--env NAME=VALUE]
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: EvalPerf --tool <dotnet-eval.dll> [--cases n] [--concurrency n] [--delay-ms n] [--record-runs n] [--offline-runs n] [--keep] [--wrap cmd] [--env NAME=VALUE]");
            return 2;
        }

        await using var server = await FakeOpenAIServer.StartAsync(TimeSpan.FromMilliseconds(options.DelayMs));
        var repo = BenchRepo.Create(server.BaseUrl, options.Cases, options.Concurrency);
        try
        {
            Console.WriteLine($"repo {repo.Root}, baseline {repo.BaselineSha[..12]}, fake provider {server.BaseUrl} ({options.DelayMs} ms)");
            var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal)
            {
                [BenchRepo.KeyVariable] = "bench-key-not-secret",
            };
            foreach (var (name, value) in options.Environment) Console.WriteLine($"environment: {name}={value}");
            var record = await RunSeriesAsync("record", options.RecordRuns, server, repo, options, environment);
            if (record is null) return 1;
            var offline = await RunSeriesAsync("offline", options.OfflineRuns, server, repo, options, environment);
            if (offline is null) return 1;

            double idealSeconds = record.Median(r => r.Calls) * options.DelayMs / 1000.0 / options.Concurrency;
            Console.WriteLine();
            Console.WriteLine(Series.Header);
            Console.WriteLine(record.Row("record (live, fake provider)"));
            Console.WriteLine(offline.Row("offline (all from cassettes)"));
            Console.WriteLine();
            Console.WriteLine($"ideal live wall = calls x delay / concurrency = {idealSeconds:F2} s; 1.25x = {idealSeconds * 1.25:F2} s");
            Console.WriteLine($"record median / ideal = {record.Median(r => r.Result.Wall.TotalSeconds) / idealSeconds:F2}x");
            Console.WriteLine($"cassette size {CassetteBytes(repo) / 1024.0:F0} KiB; peak RSS from {record.Runs[0].Result.PeakRssSource}");
            return 0;
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept {repo.Root}");
            else repo.Dispose();
        }
    }

    private static async Task<Series?> RunSeriesAsync(string mode, int count, FakeOpenAIServer server, BenchRepo repo,
        BenchOptions options, IReadOnlyDictionary<string, string> environment)
    {
        var runs = new List<SeriesRun>();
        for (int i = 1; i <= count; i++)
        {
            server.ResetCounters();
            string outDir = Path.Combine(repo.Root, "out", $"{mode}-{i}");
            var args = new List<string>
            {
                "compare", "--config", repo.ConfigPath, "--baseline", repo.BaselineSha, "--" + mode,
                "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture), "--out", outDir,
            };
            var result = await CliRun.RunAsync(options.ToolDll, args, repo.Root, environment, options.Wrap);
            var run = SeriesRun.Of(result, server);
            runs.Add(run);
            Console.WriteLine(run.Describe(mode, i));
            if (result.ExitCode != 0)
            {
                Console.Error.WriteLine(Tail(result.Output) + Tail(result.Error));
                return null;
            }
        }

        return new Series(runs);
    }

    private static long CassetteBytes(BenchRepo repo) =>
        Directory.Exists(repo.CassettesPath)
            ? Directory.EnumerateFiles(repo.CassettesPath, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
