using System;
using System.Globalization;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// One feature's sliding quantile for one <see cref="LatencyKind"/>, and whether its objective is breached now.
    /// Judging sits here so that the hysteresis (alert once, clear once) is decided under the same lock as the sample.
    /// </summary>
    internal sealed class LatencyTracker
    {
        // Range of the sketch: 0.1 ms to one hour; durations outside are clamped (and still counted).
        private const double MinSeconds = 1e-4;
        private const double MaxSeconds = 3600;

        private readonly object _gate = new();
        private readonly SlidingQuantileWindow _window;
        private bool _breached;

        public LatencyTracker(string feature, LatencyKind kind, LatencyObjective objective, double relativeAccuracy)
        {
            if (!(objective.Quantile >= 0 && objective.Quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(objective), $"The latency objective of feature '{feature}' has quantile {objective.Quantile}; use a value between 0 and 1 (0.95 for p95).");
            if (objective.Threshold <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(objective), $"The latency objective of feature '{feature}' has no threshold; set Threshold (e.g. 00:00:02).");
            if (objective.Window <= TimeSpan.Zero || objective.Intervals < 1) throw new ArgumentOutOfRangeException(nameof(objective), $"The latency objective of feature '{feature}' has window {objective.Window} in {objective.Intervals} intervals; use a positive window and at least one interval (default 5 minutes in 5).");
            Feature = feature;
            Kind = kind;
            Objective = objective;
            QuantileName = "p" + (objective.Quantile * 100).ToString("0.##", CultureInfo.InvariantCulture);
            _window = new SlidingQuantileWindow(objective.Window, objective.Intervals, relativeAccuracy, MinSeconds, MaxSeconds);
        }

        public string Feature { get; }

        public LatencyKind Kind { get; }

        public LatencyObjective Objective { get; }

        /// <summary>"p95", "p99.9": the quantile as a metric tag.</summary>
        public string QuantileName { get; }

        /// <summary>Adds one sample and judges the objective; returns the alert when the state changed, else null.</summary>
        public LatencyObjectiveAlert? Record(DateTimeOffset now, TimeSpan value)
        {
            lock (_gate)
            {
                _window.Add(now, value.TotalSeconds);
                var sketch = _window.Read(now);
                if (sketch.Count < Objective.MinimumSamples || sketch.Quantile(Objective.Quantile) is not double seconds)
                {
                    return null;
                }

                var observed = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
                var above = observed > Objective.Threshold;
                if (above == _breached)
                {
                    return null;
                }

                _breached = above;
                return new LatencyObjectiveAlert
                {
                    Feature = Feature,
                    Kind = Kind,
                    Quantile = Objective.Quantile,
                    Threshold = Objective.Threshold,
                    Observed = observed,
                    Samples = sketch.Count,
                    Breached = above,
                    At = now,
                };
            }
        }

        /// <summary>The window's quantile in seconds and its sample count as of <paramref name="now"/>; null when empty.</summary>
        public (double Seconds, long Samples)? Current(DateTimeOffset now)
        {
            lock (_gate)
            {
                var sketch = _window.Read(now);
                return sketch.Quantile(Objective.Quantile) is double seconds ? (seconds, sketch.Count) : null;
            }
        }
    }
}
