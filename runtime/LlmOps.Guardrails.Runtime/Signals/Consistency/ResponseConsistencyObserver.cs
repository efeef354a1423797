using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Core.Consistency;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Consistency
{
    /// <summary>
    /// Response consistency of monitoring calls (temperature 0, or a prompt id named in the options): per prompt id and
    /// requested model, the share of the window's repeated calls whose output hash equals their input's modal output hash
    /// (<see cref="ConsistencyRatio"/>; an input is the prompt version plus <see cref="LlmCallRecord.InputHash"/>). A drop
    /// below the threshold raises one alert (callback, log event, span event, <c>llmops.response.consistency_drops</c>)
    /// and the recovery one more. Only succeeded provider answers count: a response-cache hit repeats by construction.
    /// </summary>
    public sealed class ResponseConsistencyObserver : ILlmCallObserver, IGaugeSource
    {
        private static readonly Action<ILogger, string, string, double, int, int, double, Exception?> LogDropped =
            LoggerMessage.Define<string, string, double, int, int, double>(
                LogLevel.Warning,
                new EventId(5111, "ResponseConsistencyDropped"),
                "Response consistency dropped for prompt {PromptId} on {Model}: {Ratio} ({Matching} of {Repeated} repeated calls gave their input's usual answer), below {Threshold}");

        private static readonly Action<ILogger, string, string, double, int, int, double, Exception?> LogRecovered =
            LoggerMessage.Define<string, string, double, int, int, double>(
                LogLevel.Information,
                new EventId(5112, "ResponseConsistencyRecovered"),
                "Response consistency recovered for prompt {PromptId} on {Model}: {Ratio} ({Matching} of {Repeated} repeated calls), at or above {Threshold}");

        private static readonly Action<ILogger, Exception?> LogCallbackFailed =
            LoggerMessage.Define(LogLevel.Error, new EventId(5113, "ResponseConsistencyCallbackFailed"), "The response consistency alert callback threw");

        private readonly ResponseConsistencyOptions _options;
        private readonly Dictionary<(string PromptId, string Model), ConsistencyWindow> _windows = new();

        /// <exception cref="ArgumentException">The threshold is outside 0..1, the window is not positive, or the capacity is under 2.</exception>
        public ResponseConsistencyObserver(ResponseConsistencyOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (!(options.Threshold >= 0 && options.Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(options), $"ResponseConsistencyOptions.Threshold is {options.Threshold}; use a ratio between 0 and 1 (default 0.9).");
            if (options.Window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "ResponseConsistencyOptions.Window must be positive (default 1 hour).");
            if (options.MaxCallsPerPromptAndModel < 2) throw new ArgumentOutOfRangeException(nameof(options), "ResponseConsistencyOptions.MaxCallsPerPromptAndModel must be at least 2 (default 10000).");
            ConsistencySignalTelemetry.Register(this);
        }

        /// <summary>True for the calls this observer watches.</summary>
        public bool IsMonitoringCall(LlmCallRecord call) =>
            call is not null
            && ((_options.MonitorZeroTemperature && call.Temperature == 0)
                || (call.Attribution.PromptId is { } promptId && _options.PromptIds.Contains(promptId)));

        public void OnCallCompleted(LlmCallRecord call)
        {
            if (call is null || call.Outcome != LlmCallOutcome.Succeeded || call.CacheHit || !IsMonitoringCall(call) || call.OutputHash is not { } output)
            {
                return;
            }

            var window = WindowFor(call.Attribution.PromptId, call.RequestModel ?? call.ResponseModel);
            var input = (call.Attribution.PromptVersion ?? string.Empty, call.InputHash);
            var now = _options.TimeProvider.GetUtcNow();
            ResponseConsistencyAlert? alert;
            lock (window)
            {
                window.Add(now, input, output);
                alert = Judge(window, now);
            }

            if (alert is not null) Raise(alert);
        }

        /// <summary>The window's count for a prompt id and model as of now; (0, 0) when nothing was repeated.</summary>
        public ConsistencyCount Current(string? promptId, string? model)
        {
            ConsistencyWindow? window;
            lock (_windows)
            {
                _windows.TryGetValue((promptId ?? string.Empty, model ?? string.Empty), out window);
            }

            if (window is null) return default;
            lock (window)
            {
                window.Expire(_options.TimeProvider.GetUtcNow());
                return window.Count;
            }
        }

        void IGaugeSource.AddMeasurements(List<Measurement<double>> measurements)
        {
            List<ConsistencyWindow> windows;
            lock (_windows)
            {
                windows = new List<ConsistencyWindow>(_windows.Values);
            }

            var now = _options.TimeProvider.GetUtcNow();
            foreach (var window in windows)
            {
                double? ratio;
                lock (window)
                {
                    window.Expire(now);
                    ratio = window.Count.Ratio;
                }

                if (ratio is double value) measurements.Add(new Measurement<double>(value, Tags(window.PromptId, window.Model)));
            }
        }

        private ConsistencyWindow WindowFor(string? promptId, string? model)
        {
            var key = (promptId ?? string.Empty, model ?? string.Empty);
            lock (_windows)
            {
                if (!_windows.TryGetValue(key, out var window))
                {
                    _windows[key] = window = new ConsistencyWindow(promptId, model, _options.Window, _options.MaxCallsPerPromptAndModel);
                }

                return window;
            }
        }

        private ResponseConsistencyAlert? Judge(ConsistencyWindow window, DateTimeOffset now)
        {
            var count = window.Count;
            if (count.Repeated < _options.MinimumRepeats || count.Ratio is not double ratio)
            {
                // Too few repeats to say anything: an alert that is out stays out.
                return null;
            }

            var below = ConsistencyRatio.IsBelow(count, _options.Threshold, _options.MinimumRepeats);
            if (below == window.Dropped)
            {
                return null;
            }

            window.Dropped = below;
            return new ResponseConsistencyAlert
            {
                PromptId = window.PromptId,
                Model = window.Model,
                Ratio = ratio,
                Matching = count.Matching,
                Repeated = count.Repeated,
                Threshold = _options.Threshold,
                Dropped = below,
                At = now,
            };
        }

        private static TagList Tags(string? promptId, string? model)
        {
            var tags = default(TagList);
            if (promptId is not null) tags.Add(GenAiAttributes.PromptId, promptId);
            if (model is not null) tags.Add(GenAiAttributes.RequestModel, model);
            return tags;
        }

        private void Raise(ResponseConsistencyAlert alert)
        {
            if (alert.Dropped) ConsistencySignalTelemetry.Drops.Add(1, Tags(alert.PromptId, alert.Model));
            Activity.Current?.AddEvent(new ActivityEvent(
                alert.Dropped ? "llmops.response.consistency_dropped" : "llmops.response.consistency_recovered",
                tags: new ActivityTagsCollection
                {
                    { GenAiAttributes.PromptId, alert.PromptId },
                    { GenAiAttributes.RequestModel, alert.Model },
                    { "llmops.response.consistency", alert.Ratio },
                    { "llmops.response.consistency.threshold", alert.Threshold },
                }));

            if (_options.Logger is { } logger)
            {
                var log = alert.Dropped ? LogDropped : LogRecovered;
                log(logger, alert.PromptId ?? "(none)", alert.Model ?? "(unknown)", Math.Round(alert.Ratio, 4), alert.Matching, alert.Repeated, alert.Threshold, null);
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
