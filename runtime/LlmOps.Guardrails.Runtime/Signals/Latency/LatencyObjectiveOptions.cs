using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// One latency objective: the <see cref="Quantile"/> of the calls of the last <see cref="Window"/> stays at or under
    /// <see cref="Threshold"/> (e.g. p95 ≤ 2 s). Plain settable properties, so a configuration section binds to it.
    /// </summary>
    public sealed class LatencyObjective
    {
        /// <summary>0..1; 0.95 is p95.</summary>
        public double Quantile { get; set; } = 0.95;

        public TimeSpan Threshold { get; set; }

        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How many sketches make the window (it slides by Window / Intervals).</summary>
        public int Intervals { get; set; } = 5;

        /// <summary>Calls in the window before the quantile is judged: a handful of calls says nothing about p95.</summary>
        public int MinimumSamples { get; set; } = 20;
    }

    /// <summary>Per-feature latency objectives for <see cref="LatencyObjectiveObserver"/>. Nothing is tracked for a feature without one.</summary>
    public sealed class LatencyObjectiveOptions
    {
        /// <summary>Feature (<c>llmops.feature</c>) → objective on the call's duration.</summary>
        public IDictionary<string, LatencyObjective> Objectives { get; } = new Dictionary<string, LatencyObjective>(StringComparer.Ordinal);

        /// <summary>Feature → objective on the time to first token of streamed calls (optional, separate from the duration's).</summary>
        public IDictionary<string, LatencyObjective> TimeToFirstTokenObjectives { get; } = new Dictionary<string, LatencyObjective>(StringComparer.Ordinal);

        /// <summary>The sketches' relative accuracy: a quantile read back is within this share of the exact one.</summary>
        public double RelativeAccuracy { get; set; } = 0.01;

        /// <summary>Called once when an objective is breached and once when it is met again. Must not block; exceptions are logged and swallowed.</summary>
        public Action<LatencyObjectiveAlert>? OnAlert { get; set; }

        /// <summary>Where breaches and recoveries are logged (event ids 5101 and 5102); none when null.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>The clock the windows slide on.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }

    /// <summary>What a latency objective measures.</summary>
    public enum LatencyKind
    {
        /// <summary>The call's duration (<see cref="LlmCallRecord.Duration"/>).</summary>
        Duration,

        /// <summary>A stream's time to first token (<see cref="LlmCallRecord.TimeToFirstToken"/>).</summary>
        TimeToFirstToken,
    }

    /// <summary>An objective crossed: <see cref="Breached"/> true when the quantile went above the threshold, false when it came back.</summary>
    public sealed class LatencyObjectiveAlert
    {
        public required string Feature { get; init; }

        public required LatencyKind Kind { get; init; }

        public required double Quantile { get; init; }

        public required TimeSpan Threshold { get; init; }

        /// <summary>The quantile over the window when the objective was judged.</summary>
        public required TimeSpan Observed { get; init; }

        /// <summary>Calls in the window.</summary>
        public required long Samples { get; init; }

        public required bool Breached { get; init; }

        public required DateTimeOffset At { get; init; }
    }
}
