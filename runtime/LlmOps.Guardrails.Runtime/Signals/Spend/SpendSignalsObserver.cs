using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// Spend anomalies and budget forecasts for one process: keeps the hourly spend of each feature, team, model, tenant
    /// and user (and daily totals of the budget scopes), checks the running hour of every value a call touches as its
    /// spend arrives, and re-projects the budgets every <see cref="SpendSignalsOptions.ForecastInterval"/>. For a fleet,
    /// use the PostgreSQL spend ledger, which raises one alert for all instances.
    /// </summary>
    public sealed class SpendSignalsObserver : ILlmCallObserver, IDailySpendSource, IDisposable
    {
        private readonly SpendSignalsOptions _options;
        private readonly SpendAnomalyOptions _anomalies;
        private readonly bool[] _checked = new bool[SpendDimensions.All.Length];
        private readonly SpendDimension[] _tracked;
        private readonly bool[] _keepDays = new bool[SpendDimensions.All.Length];
        private readonly int[] _keyCounts = new int[SpendDimensions.All.Length];
        private readonly int[] _keyLimitLogged = new int[SpendDimensions.All.Length];
        private readonly ConcurrentDictionary<(SpendDimension, string), HourlySpendSeries> _series = new();
        private long _nextForecastTicks;
        private long _nextSweepHour;

        public SpendSignalsObserver(SpendSignalsOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _anomalies = options.Anomalies ?? new SpendAnomalyOptions { Dimensions = Array.Empty<SpendDimension>() };
            _anomalies.Validate();
            var tracked = new HashSet<SpendDimension>(_anomalies.Dimensions);
            foreach (var dimension in _anomalies.Dimensions)
            {
                _checked[(int)dimension] = true;
            }

            if (options.Forecast is { Limits.Count: > 0 } forecast)
            {
                Forecaster = new BudgetForecaster(this, forecast, options.TimeProvider);
                foreach (var limit in forecast.Limits)
                {
                    var dimension = BudgetForecaster.DimensionOf(limit.Scope);
                    tracked.Add(dimension);
                    _keepDays[(int)dimension] = true;
                }
            }

            _tracked = tracked.OrderBy(d => d).ToArray();
        }

        /// <summary>The budget forecaster over this observer's daily totals; null when no budget is forecast.</summary>
        public BudgetForecaster? Forecaster { get; }

        public void OnCallCompleted(LlmCallRecord call)
        {
            if (call?.CostUsd is not { } cost || cost < 0m)
            {
                return;
            }

            try
            {
                Record(call, cost);
                if (Forecaster is not null)
                {
                    EvaluateForecastWhenDue();
                }
            }
            catch (Exception)
            {
                // An observer never fails the call it observes.
            }
        }

        public IReadOnlyCollection<string> KeysOf(SpendDimension dimension) =>
            _series.Keys.Where(k => k.Item1 == dimension).Select(k => k.Item2).ToList();

        public DailySpend DailySpendOf(SpendDimension dimension, string key, DateTime firstDay, DateTime lastDay)
        {
            var first = firstDay.Date.Ticks / TimeSpan.TicksPerDay;
            var count = (int)((lastDay.Date - firstDay.Date).Ticks / TimeSpan.TicksPerDay) + 1;
            if (!_series.TryGetValue((dimension, key ?? string.Empty), out var series))
            {
                return new DailySpend(lastDay, new decimal[1]);
            }

            (long From, decimal[] Days) days;
            lock (series)
            {
                days = series.CopyDays(first, count);
            }

            return days.Days.Length == 0
                ? new DailySpend(lastDay, new decimal[1])
                : new DailySpend(new DateTime(days.From * TimeSpan.TicksPerDay, DateTimeKind.Utc), days.Days);
        }

        public void Dispose() => Forecaster?.Dispose();

        private void Record(LlmCallRecord call, decimal cost)
        {
            var hour = call.StartedAt.UtcTicks / TimeSpan.TicksPerHour;
            List<SpendAnomaly>? raised = null;
            foreach (var dimension in _tracked)
            {
                var key = SpendDimensions.KeyOf(dimension, call);
                if (key is null || SeriesFor(dimension, key, hour) is not { } series)
                {
                    continue;
                }

                lock (series)
                {
                    if (!series.Add(hour, cost) || !_checked[(int)dimension] || hour != series.CurrentHour || series.AlertedHour == hour)
                    {
                        continue;
                    }

                    if (series.Check() is { } found)
                    {
                        series.AlertedHour = hour;
                        (raised ??= new List<SpendAnomaly>()).Add(new SpendAnomaly(
                            dimension,
                            key,
                            new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero),
                            found.Kind,
                            Math.Round((decimal)found.Spend, 6),
                            Math.Round((decimal)found.Mean, 6),
                            found.Z));
                    }
                }
            }

            SweepWhenDue(hour);
            if (raised is not null)
            {
                foreach (var anomaly in raised)
                {
                    Raise(anomaly);
                }
            }
        }

        private HourlySpendSeries? SeriesFor(SpendDimension dimension, string key, long hour)
        {
            if (_series.TryGetValue((dimension, key), out var series))
            {
                return series;
            }

            var d = (int)dimension;
            if (Interlocked.Increment(ref _keyCounts[d]) > _anomalies.MaxKeysPerDimension && dimension != SpendDimension.Global)
            {
                Interlocked.Decrement(ref _keyCounts[d]);
                if (_options.Logger is { } logger && Interlocked.Exchange(ref _keyLimitLogged[d], 1) == 0)
                {
                    SpendLog.LogKeyLimit(logger, dimension, _anomalies.MaxKeysPerDimension);
                }

                return null;
            }

            var created = new HourlySpendSeries(_anomalies, _keepDays[d], hour);
            var stored = _series.GetOrAdd((dimension, key), created);
            if (!ReferenceEquals(stored, created))
            {
                Interlocked.Decrement(ref _keyCounts[d]);
            }

            return stored;
        }

        // Once an hour, forgets values quiet for longer than any baseline or forecast reaches, so that memory follows the
        // number of active values, not of every value ever seen.
        private void SweepWhenDue(long hour)
        {
            var next = Interlocked.Read(ref _nextSweepHour);
            if (hour < next || Interlocked.CompareExchange(ref _nextSweepHour, hour + 1, next) != next)
            {
                return;
            }

            foreach (var entry in _series)
            {
                if (hour - entry.Value.LastSpendHour > entry.Value.ForgetAfterHours && _series.TryRemove(entry.Key, out _))
                {
                    Interlocked.Decrement(ref _keyCounts[(int)entry.Key.Item1]);
                }
            }
        }

        private void EvaluateForecastWhenDue()
        {
            var now = _options.TimeProvider.GetUtcNow();
            var next = Interlocked.Read(ref _nextForecastTicks);
            if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextForecastTicks, now.UtcTicks + _options.ForecastInterval.Ticks, next) != next)
            {
                return;
            }

            Forecaster!.Evaluate(now);
        }

        private void Raise(SpendAnomaly anomaly)
        {
            SpendInstruments.CountAnomaly(anomaly);
            SpendInstruments.AddSpanEvent(Activity.Current, anomaly);
            if (_options.Logger is { } logger)
            {
                SpendLog.LogAnomaly(logger, anomaly);
            }

            try
            {
                _options.OnSpendAnomaly?.Invoke(anomaly);
            }
            catch (Exception)
            {
                // A handler's failure must not reach the call.
            }
        }
    }
}
