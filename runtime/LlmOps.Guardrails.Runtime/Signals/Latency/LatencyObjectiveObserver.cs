using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// Latency objectives per feature: the sliding-window quantile of the succeeded calls' durations (and of streams'
    /// time to first token), judged on every call of a feature that has an objective. Going above the threshold raises
    /// one alert (callback, <c>llmops.latency.objective_breaches</c>, a log event, a span event); coming back under it
    /// raises one recovery. Calls of other features cost a dictionary lookup.
    /// </summary>
    public sealed class LatencyObjectiveObserver : ILlmCallObserver, IGaugeSource
    {
        private static readonly Action<ILogger, string, string, string, double, double, long, Exception?> LogBreached =
            LoggerMessage.Define<string, string, string, double, double, long>(
                LogLevel.Warning,
                new EventId(5101, "LatencyObjectiveBreached"),
                "Latency objective breached for feature {Feature}: {LatencyKind} {Quantile} is {ObservedMs} ms, above {ThresholdMs} ms over {Samples} calls");

        private static readonly Action<ILogger, string, string, string, double, double, long, Exception?> LogRestored =
            LoggerMessage.Define<string, string, string, double, double, long>(
                LogLevel.Information,
                new EventId(5102, "LatencyObjectiveRestored"),
                "Latency objective met again for feature {Feature}: {LatencyKind} {Quantile} is {ObservedMs} ms, at or under {ThresholdMs} ms over {Samples} calls");

        private static readonly Action<ILogger, Exception?> LogCallbackFailed =
            LoggerMessage.Define(LogLevel.Error, new EventId(5103, "LatencyObjectiveCallbackFailed"), "The latency objective alert callback threw");

        private readonly LatencyObjectiveOptions _options;
        private readonly Dictionary<string, LatencyTracker> _durations;
        private readonly Dictionary<string, LatencyTracker> _timesToFirstToken;

        /// <exception cref="ArgumentException">An objective has no threshold, a quantile outside 0..1, or an empty window.</exception>
        public LatencyObjectiveObserver(LatencyObjectiveOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _durations = Trackers(options.Objectives, LatencyKind.Duration, options.RelativeAccuracy);
            _timesToFirstToken = Trackers(options.TimeToFirstTokenObjectives, LatencyKind.TimeToFirstToken, options.RelativeAccuracy);
            LatencySignalTelemetry.Register(this);
        }

        public void OnCallCompleted(LlmCallRecord call)
        {
            if (call is null || call.Outcome != LlmCallOutcome.Succeeded || call.Attribution.Feature is not { } feature)
            {
                return;
            }

            var now = _options.TimeProvider.GetUtcNow();
            if (_durations.TryGetValue(feature, out var duration))
            {
                Raise(duration.Record(now, call.Duration));
            }

            if (call.TimeToFirstToken is { } firstToken && _timesToFirstToken.TryGetValue(feature, out var ttft))
            {
                Raise(ttft.Record(now, firstToken));
            }
        }

        /// <summary>The current quantile of a feature's objective (seconds) and the calls in its window; null when untracked or empty.</summary>
        public (TimeSpan Quantile, long Samples)? Current(string feature, LatencyKind kind = LatencyKind.Duration)
        {
            var trackers = kind == LatencyKind.Duration ? _durations : _timesToFirstToken;
            if (!trackers.TryGetValue(feature, out var tracker) || tracker.Current(_options.TimeProvider.GetUtcNow()) is not { } current)
            {
                return null;
            }

            return (TimeSpan.FromTicks((long)(current.Seconds * TimeSpan.TicksPerSecond)), current.Samples);
        }

        void IGaugeSource.AddMeasurements(List<Measurement<double>> measurements)
        {
            var now = _options.TimeProvider.GetUtcNow();
            foreach (var tracker in _durations.Values) Add(tracker);
            foreach (var tracker in _timesToFirstToken.Values) Add(tracker);

            void Add(LatencyTracker tracker)
            {
                if (tracker.Current(now) is { } current) measurements.Add(new Measurement<double>(current.Seconds, Tags(tracker)));
            }
        }

        private static Dictionary<string, LatencyTracker> Trackers(IDictionary<string, LatencyObjective> objectives, LatencyKind kind, double accuracy)
        {
            var trackers = new Dictionary<string, LatencyTracker>(StringComparer.Ordinal);
            foreach (var pair in objectives)
            {
                trackers[pair.Key] = new LatencyTracker(pair.Key, kind, pair.Value ?? throw new ArgumentException($"The latency objective of feature '{pair.Key}' is null.", nameof(objectives)), accuracy);
            }

            return trackers;
        }

        private static TagList Tags(LatencyTracker tracker) => new()
        {
            { GenAiAttributes.Feature, tracker.Feature },
            { LatencySignalTelemetry.KindAttribute, LatencySignalTelemetry.KindName(tracker.Kind) },
            { LatencySignalTelemetry.QuantileAttribute, tracker.QuantileName },
        };

        private void Raise(LatencyObjectiveAlert? alert)
        {
            if (alert is null)
            {
                return;
            }

            var tracker = (alert.Kind == LatencyKind.Duration ? _durations : _timesToFirstToken)[alert.Feature];
            var kind = LatencySignalTelemetry.KindName(alert.Kind);
            if (alert.Breached)
            {
                LatencySignalTelemetry.Breaches.Add(1, Tags(tracker));
            }

            Activity.Current?.AddEvent(new ActivityEvent(
                alert.Breached ? "llmops.latency.objective_breached" : "llmops.latency.objective_restored",
                tags: new ActivityTagsCollection
                {
                    { GenAiAttributes.Feature, alert.Feature },
                    { LatencySignalTelemetry.KindAttribute, kind },
                    { LatencySignalTelemetry.QuantileAttribute, tracker.QuantileName },
                    { "llmops.latency.observed", alert.Observed.TotalSeconds },
                    { "llmops.latency.threshold", alert.Threshold.TotalSeconds },
                }));

            if (_options.Logger is { } logger)
            {
                var log = alert.Breached ? LogBreached : LogRestored;
                log(logger, alert.Feature, kind, tracker.QuantileName, Math.Round(alert.Observed.TotalMilliseconds, 1), alert.Threshold.TotalMilliseconds, alert.Samples, null);
            }

            try
            {
                _options.OnAlert?.Invoke(alert);
            }
            catch (Exception ex)
            {
                // Observers run on the call's path and must never fail it.
                if (_options.Logger is { } failed) LogCallbackFailed(failed, ex);
            }
        }
    }
}
