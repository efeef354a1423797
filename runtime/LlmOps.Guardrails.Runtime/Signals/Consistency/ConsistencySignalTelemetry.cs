using System;
using System.Collections.Generic;
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

        private static readonly object Gate = new();
        private static readonly List<WeakReference<ResponseConsistencyObserver>> Observers = new();

        internal static readonly Counter<long> Drops = LlmOpsTelemetry.Meter.CreateCounter<long>(
            DropsInstrument,
            "{drop}",
            "Times a prompt and model's response consistency went below its threshold.");

        internal static readonly ObservableGauge<double> Ratios = LlmOpsTelemetry.Meter.CreateObservableGauge(
            ConsistencyInstrument,
            Observe,
            "1",
            "Share of repeated monitoring calls whose output equals their input's most frequent output, over the window.");

        internal static void Register(ResponseConsistencyObserver observer)
        {
            lock (Gate)
            {
                Observers.Add(new WeakReference<ResponseConsistencyObserver>(observer));
            }
        }

        private static IEnumerable<Measurement<double>> Observe()
        {
            var live = new List<ResponseConsistencyObserver>();
            lock (Gate)
            {
                Observers.RemoveAll(reference => !reference.TryGetTarget(out _));
                foreach (var reference in Observers)
                {
                    if (reference.TryGetTarget(out var observer)) live.Add(observer);
                }
            }

            var measurements = new List<Measurement<double>>();
            foreach (var observer in live) observer.AddMeasurements(measurements);
            return measurements;
        }
    }
}
