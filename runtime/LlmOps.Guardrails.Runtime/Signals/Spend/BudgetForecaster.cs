using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// Month-end (and day-end) projections of budgets from a <see cref="IDailySpendSource"/>, the
    /// <c>llmops.budget.forecast</c> gauge, and an alert once when a projection crosses its limit and once when it
    /// crosses back. See <see cref="SpendProjection"/> for the method.
    /// </summary>
    public sealed class BudgetForecaster : IDisposable
    {
        private readonly IDailySpendSource _source;
        private readonly BudgetForecastOptions _options;
        private readonly BudgetForecastAlerts _alerts;
        private readonly TimeProvider _timeProvider;
        private readonly IDisposable _gauge;

        public BudgetForecaster(IDailySpendSource source, BudgetForecastOptions options, TimeProvider? timeProvider = null)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _options.Validate();
            _timeProvider = timeProvider ?? TimeProvider.System;
            _alerts = new BudgetForecastAlerts(options);
            _gauge = SpendInstruments.RegisterForecasts(() => ForecastAll(_timeProvider.GetUtcNow()));
        }

        /// <summary>The projection of a global budget, or of a budget with a key.</summary>
        public BudgetForecast Forecast(BudgetLimit limit, DateTimeOffset now) => Forecast(limit, limit?.Key, now);

        /// <summary>The projection of <paramref name="limit"/> for <paramref name="key"/> (the feature, team or tenant; ignored for global).</summary>
        public BudgetForecast Forecast(BudgetLimit limit, string? key, DateTimeOffset now) => Forecast(_source, _options, limit, key, now);

        /// <summary>The projection of every limit (each key of a keyless one); hourly limits are skipped.</summary>
        public IReadOnlyList<BudgetForecast> ForecastAll(DateTimeOffset now) => ForecastAll(_source, _options, now);

        /// <summary>Projects every limit and raises the alerts of projections that crossed their limit since the last evaluation.</summary>
        public IReadOnlyList<BudgetForecastAlert> Evaluate(DateTimeOffset now) => _alerts.Update(ForecastAll(now));

        public void Dispose() => _gauge.Dispose();

        internal static IReadOnlyList<BudgetForecast> ForecastAll(IDailySpendSource source, BudgetForecastOptions options, DateTimeOffset now)
        {
            var forecasts = new List<BudgetForecast>();
            foreach (var (limit, key) in Targets(options.Limits, source.KeysOf))
            {
                forecasts.Add(Forecast(source, options, limit, key, now));
            }

            return forecasts;
        }

        internal static BudgetForecast Forecast(IDailySpendSource source, BudgetForecastOptions options, BudgetLimit limit, string? key, DateTimeOffset now)
        {
            if (limit is null) throw new ArgumentNullException(nameof(limit));
            key = limit.Scope == BudgetScope.Global ? null : key ?? limit.Key;
            if (limit.Scope != BudgetScope.Global && key is null)
            {
                throw new ArgumentException($"{limit} applies to each {BudgetWindows.Name(limit.Scope)}: name the key to forecast.", nameof(key));
            }

            var (first, last) = DaysNeeded(now, options);
            var spend = source.DailySpendOf(DimensionOf(limit.Scope), key ?? string.Empty, first, last);
            return SpendProjection.Project(limit, key, spend.FirstDay, spend.Days.ToArray(), now, options);
        }

        /// <summary>The UTC days a projection at <paramref name="now"/> reads: the weekday history and the month so far.</summary>
        internal static (DateTime First, DateTime Last) DaysNeeded(DateTimeOffset now, BudgetForecastOptions options)
        {
            var today = now.UtcDateTime.Date;
            var monthStart = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var first = today.AddDays(-Math.Max(options.WeekdayHistoryDays, 7));
            return (first < monthStart ? first : monthStart, today);
        }

        /// <summary>Each limit with the key it is forecast for; a keyed limit of the same scope and window takes the place of the keyless one.</summary>
        internal static IEnumerable<(BudgetLimit Limit, string? Key)> Targets(IEnumerable<BudgetLimit> limits, Func<SpendDimension, IReadOnlyCollection<string>> keysOf)
        {
            var all = limits.Where(l => l.Window != BudgetWindow.Hour).ToList();
            foreach (var limit in all)
            {
                if (limit.Scope == BudgetScope.Global || limit.Key is not null)
                {
                    yield return (limit, limit.Key);
                    continue;
                }

                foreach (var key in keysOf(DimensionOf(limit.Scope)).OrderBy(k => k, StringComparer.Ordinal))
                {
                    if (!all.Any(l => l.Scope == limit.Scope && l.Window == limit.Window && l.Key == key))
                    {
                        yield return (limit, key);
                    }
                }
            }
        }

        internal static SpendDimension DimensionOf(BudgetScope scope) => scope switch
        {
            BudgetScope.Global => SpendDimension.Global,
            BudgetScope.Feature => SpendDimension.Feature,
            BudgetScope.Team => SpendDimension.Team,
            BudgetScope.Tenant => SpendDimension.Tenant,
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
    }
}
