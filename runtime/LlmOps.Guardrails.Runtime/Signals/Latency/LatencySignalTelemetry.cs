using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// The latency objectives' instruments on the library's meter: a breach counter and an observable gauge of each
    /// tracked feature's current quantile. Tags: feature, kind, quantile; never user or tenant.
    /// </summary>
    public static class LatencySignalTelemetry
    {
        /// <summary><c>llmops.latency.objective_breaches</c>: counter, <c>{breach}</c>, each time an objective goes from met to breached.</summary>
        public const string BreachesInstrument = "llmops.latency.objective_breaches";

        /// <summary><c>llmops.latency.quantile</c>: observable gauge, seconds, the objective's quantile over its window.</summary>
        public const string QuantileInstrument = "llmops.latency.quantile";

        /// <summary><c>llmops.latency.kind</c>: <c>duration</c> or <c>time_to_first_token</c>.</summary>
        public const string KindAttribute = "llmops.latency.kind";

        /// <summary><c>llmops.latency.quantile</c> on the points: <c>p95</c>, <c>p99</c>, ...</summary>
        public const string QuantileAttribute = "llmops.latency.quantile";

        private static readonly GaugeSources Sources = new();

        internal static readonly Counter<long> Breaches = LlmOpsTelemetry.Meter.CreateCounter<long>(
            BreachesInstrument,
            "{breach}",
            "Latency objectives that went from met to breached.");

        internal static readonly ObservableGauge<double> Quantiles = LlmOpsTelemetry.Meter.CreateObservableGauge(
            QuantileInstrument,
            Sources.Observe,
            "s",
            "The latency objective's quantile over its sliding window, per feature.");

        internal static string KindName(LatencyKind kind) => kind == LatencyKind.Duration ? "duration" : "time_to_first_token";

        internal static void Register(LatencyObjectiveObserver observer) => Sources.Register(observer);
    }
}
