using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Signals.Consistency
{
    /// <summary>
    /// Response consistency on the library's meter: the ratio per prompt id and requested model as an observable gauge,
    /// and a counter of drops below the threshold.
    /// </summary>
    public static class ConsistencySignalTelemetry
    {
        /// <summary><c>llmops.response.consistency</c>: observable gauge, 0..1, the window's consistency ratio per prompt id and model.</summary>
        public const string ConsistencyInstrument = "llmops.response.consistency";

        /// <summary><c>llmops.response.consistency_drops</c>: counter, <c>{drop}</c>, each time a ratio goes below its threshold.</summary>
        public const string DropsInstrument = "llmops.response.consistency_drops";

        private static readonly GaugeSources Sources = new();

        internal static readonly Counter<long> Drops = LlmOpsTelemetry.Meter.CreateCounter<long>(
            DropsInstrument,
            "{drop}",
            "Times a prompt and model's response consistency went below its threshold.");

        internal static readonly ObservableGauge<double> Ratios = LlmOpsTelemetry.Meter.CreateObservableGauge(
            ConsistencyInstrument,
            Sources.Observe,
            "1",
            "Share of repeated monitoring calls whose output equals their input's most frequent output, over the window.");

        internal static void Register(ResponseConsistencyObserver observer) => Sources.Register(observer);
    }
}
