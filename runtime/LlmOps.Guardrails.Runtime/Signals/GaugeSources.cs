using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>An observer that reports points of an observable gauge when the meter is read.</summary>
    internal interface IGaugeSource
    {
        void AddMeasurements(List<Measurement<double>> measurements);
    }

    /// <summary>
    /// The observers behind one observable gauge. Held weakly: an observer the application dropped stops reporting and
    /// is forgotten, with no unregistration to forget.
    /// </summary>
    internal sealed class GaugeSources
    {
        private readonly object gate = new();
        private readonly List<WeakReference<IGaugeSource>> sources = new();

        public void Register(IGaugeSource source)
        {
            lock (gate)
            {
                sources.Add(new WeakReference<IGaugeSource>(source));
            }
        }

        /// <summary>The gauge's callback: every live source's points.</summary>
        public IEnumerable<Measurement<double>> Observe()
        {
            var live = new List<IGaugeSource>();
            lock (gate)
            {
                sources.RemoveAll(reference => !reference.TryGetTarget(out _));
                foreach (var reference in sources)
                {
                    if (reference.TryGetTarget(out var source)) live.Add(source);
                }
            }

            var measurements = new List<Measurement<double>>();
            foreach (var source in live) source.AddMeasurements(measurements);
            return measurements;
        }
    }
}
