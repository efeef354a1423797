using System;
using System.Globalization;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>The driver's command line.</summary>
internal sealed record BenchOptions(string ToolDll, int Cases, int Concurrency, int DelayMs, int RecordRuns, int OfflineRuns, bool Keep)
{
    public static BenchOptions? Parse(string[] args)
    {
        string? tool = null;
        int cases = 1000, concurrency = 32, delayMs = 100, recordRuns = 3, offlineRuns = 5;
        bool keep = false;
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
                case "--tool": tool = value; break;
                case "--cases": cases = Positive(value); break;
                case "--concurrency": concurrency = Positive(value); break;
                case "--delay-ms": delayMs = Positive(value); break;
                case "--record-runs": recordRuns = Positive(value); break;
                case "--offline-runs": offlineRuns = Positive(value); break;
                default: return null;
            }
        }

        return tool is null ? null : new BenchOptions(tool, cases, concurrency, delayMs, recordRuns, offlineRuns, keep);
    }

    private static int Positive(string value)
    {
        int n = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException($"'{value}' must be a positive integer");
    }
}
