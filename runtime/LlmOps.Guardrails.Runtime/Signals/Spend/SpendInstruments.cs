using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>The spend signals' instruments, on the runtime's meter (<see cref="LlmOpsTelemetry.MeterName"/>).</summary>
    public static class SpendInstruments
    {
        /// <summary><c>llmops.cost.anomalies</c>: counter, <c>{anomaly}</c>, tagged with the dimension, the key (never a user) and the kind.</summary>
        public const string AnomalyInstrument = "llmops.cost.anomalies";

        /// <summary><c>llmops.budget.forecast</c>: gauge, USD, the projected spend at the end of each budget's window.</summary>
        public const string ForecastInstrument = "llmops.budget.forecast";

        /// <summary>The name of the span event added when a call crosses an anomaly threshold.</summary>
        public const string AnomalyEventName = "llmops.cost.anomaly";

        private static readonly object Gate = new();
        private static readonly List<Func<IEnumerable<BudgetForecast>>> ForecastSources = new();

        internal static readonly Counter<long> Anomalies = LlmOpsTelemetry.Meter.CreateCounter<long>(
            AnomalyInstrument,
            "{anomaly}",
            "Hours of unusual LLM spend, once per dimension value and hour.");

        internal static readonly ObservableGauge<double> Forecasts = LlmOpsTelemetry.Meter.CreateObservableGauge(
            ForecastInstrument,
            ObserveForecasts,
            "USD",
            "Projected LLM spend at the end of each budget's window, from the spend so far.");

        /// <summary>Reports <paramref name="source"/>'s forecasts on the gauge until the returned handle is disposed.</summary>
        internal static IDisposable RegisterForecasts(Func<IEnumerable<BudgetForecast>> source)
        {
            _ = Forecasts;
            lock (Gate)
            {
                ForecastSources.Add(source);
            }

            return new Registration(source);
        }

        internal static void CountAnomaly(SpendAnomaly anomaly)
        {
            if (!Anomalies.Enabled)
            {
                return;
            }

            var tags = new TagList
            {
                { "llmops.anomaly.dimension", SpendDimensions.Name(anomaly.Dimension) },
                { "llmops.anomaly.kind", KindName(anomaly.Kind) },
            };
            if (anomaly.Dimension != SpendDimension.User)
            {
                tags.Add("llmops.anomaly.key", anomaly.Key);
            }

            Anomalies.Add(1, tags);
        }

        /// <summary>Adds an <see cref="AnomalyEventName"/> event to the span of the call that crossed the threshold.</summary>
        internal static void AddSpanEvent(Activity? activity, SpendAnomaly anomaly)
        {
            if (activity is not { IsAllDataRequested: true })
            {
                return;
            }

            var tags = new ActivityTagsCollection
            {
                { "llmops.anomaly.dimension", SpendDimensions.Name(anomaly.Dimension) },
                { "llmops.anomaly.kind", KindName(anomaly.Kind) },
                { "llmops.anomaly.spend_usd", (double)anomaly.SpendUsd },
                { "llmops.anomaly.baseline_usd", (double)anomaly.BaselineUsd },
                { "llmops.anomaly.z", anomaly.Z },
            };
            if (anomaly.Dimension != SpendDimension.User)
            {
                tags.Add("llmops.anomaly.key", anomaly.Key);
            }

            activity.AddEvent(new ActivityEvent(AnomalyEventName, tags: tags));
        }

        internal static string KindName(SpendAnomalyKind kind) => kind switch
        {
            SpendAnomalyKind.HourVsSeasonal => "hour_vs_seasonal",
            SpendAnomalyKind.HourVsLast24Hours => "hour_vs_last_24h",
            _ => "day_vs_previous_days",
        };

        private static IEnumerable<Measurement<double>> ObserveForecasts()
        {
            Func<IEnumerable<BudgetForecast>>[] sources;
            lock (Gate)
            {
                sources = ForecastSources.ToArray();
            }

            var measurements = new List<Measurement<double>>();
            foreach (var source in sources)
            {
                IEnumerable<BudgetForecast> forecasts;
                try
                {
                    forecasts = source();
                }
                catch (Exception)
                {
                    // A failing source (a store that went away) must not take the other sources' points with it.
                    continue;
                }

                foreach (var forecast in forecasts)
                {
                    measurements.Add(new Measurement<double>((double)forecast.ProjectedUsd, new TagList
                    {
                        { "llmops.budget.scope", BudgetWindows.Name(forecast.Limit.Scope) },
                        { "llmops.budget.key", forecast.Key ?? string.Empty },
                        { "llmops.budget.window", BudgetWindows.Name(forecast.Limit.Window) },
                    }));
                }
            }

            return measurements;
        }

        private sealed class Registration : IDisposable
        {
            private Func<IEnumerable<BudgetForecast>>? _source;

            public Registration(Func<IEnumerable<BudgetForecast>> source) => _source = source;

            public void Dispose()
            {
                lock (Gate)
                {
                    if (_source is not null)
                    {
                        ForecastSources.Remove(_source);
                        _source = null;
                    }
                }
            }
        }
    }
}
