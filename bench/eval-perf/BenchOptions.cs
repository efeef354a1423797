using System;
using System.Collections.Generic;
using System.Globalization;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>
/// The driver's command line. <c>--wrap "strace -f -tt -o /tmp/t"</c> runs the CLI under a profiler or tracer
/// (split on spaces, placed before <c>dotnet</c>); peak RSS then comes from polling, which sees the wrapper.
/// <c>--env NAME=VALUE</c> (repeatable) sets a variable for the CLI, e.g. runtime knobs such as <c>DOTNET_TieredPGO=0</c>.
/// </summary>
internal sealed record BenchOptions(string ToolDll, int Cases, int Concurrency, int DelayMs, int RecordRuns, int OfflineRuns, bool Keep, string? Wrap,
    IReadOnlyDictionary<string, string> Environment)
{
    public static BenchOptions? Parse(string[] args)
    {
        string? tool = null;
        int cases = 1000, concurrency = 32, delayMs = 100, recordRuns = 3, offlineRuns = 5;
        bool keep = false;
        string? wrap = null;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--keep")
            {
                keep = true;
                continue;
            }

            if (i + 1 >= args.Length) return null;
            string value = args[++i];
            switch (name)
            {
                case "--tool": tool = System.IO.Path.GetFullPath(value); break;
                case "--cases": cases = Positive(value); break;
                case "--concurrency": concurrency = Positive(value); break;
                case "--delay-ms": delayMs = Positive(value); break;
                case "--record-runs": recordRuns = Positive(value); break;
                case "--offline-runs": offlineRuns = Positive(value); break;
                case "--wrap": wrap = value; break;
                case "--env":
                    int eq = value.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) return null;
                    environment[value[..eq]] = value[(eq + 1)..];
                    break;
                default: return null;
            }
        }

        return tool is null ? null : new BenchOptions(tool, cases, concurrency, delayMs, recordRuns, offlineRuns, keep, wrap, environment);
    }

    private static int Positive(string value)
    {
        int n = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException($"'{value}' must be a positive integer");
    }
}
