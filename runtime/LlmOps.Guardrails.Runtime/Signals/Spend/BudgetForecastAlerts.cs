using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// Which budgets' projections are over their limit, per limit, key and window: an alert when that changes, never
    /// twice in a row for the same side. A new window starts under the limit.
    /// </summary>
    internal sealed class BudgetForecastAlerts
    {
        private readonly object _gate = new();
        private readonly Dictionary<(BudgetLimit Limit, string Key), (DateTimeOffset WindowStart, bool Over)> _state = new();
        private readonly BudgetForecastOptions _options;

        public BudgetForecastAlerts(BudgetForecastOptions options) => _options = options;

        public IReadOnlyList<BudgetForecastAlert> Update(IEnumerable<BudgetForecast> forecasts)
        {
            var alerts = new List<BudgetForecastAlert>();
            lock (_gate)
            {
                foreach (var forecast in forecasts)
                {
                    var id = (forecast.Limit, forecast.Key ?? string.Empty);
                    var wasOver = _state.TryGetValue(id, out var state) && state.WindowStart == forecast.WindowStart && state.Over;
                    if (forecast.OverLimit != wasOver)
                    {
                        alerts.Add(new BudgetForecastAlert(forecast.OverLimit ? BudgetForecastAlertKind.OverLimit : BudgetForecastAlertKind.BackUnderLimit, forecast));
                    }

                    _state[id] = (forecast.WindowStart, forecast.OverLimit);
                }
            }

            foreach (var alert in alerts)
            {
                if (_options.Logger is { } logger)
                {
                    SpendLog.LogForecast(logger, alert);
                }

                try
                {
                    _options.OnAlert?.Invoke(alert);
                }
                catch (Exception)
                {
                    // An alert handler must not break the evaluation that raised it.
                }
            }

            return alerts;
        }
    }
}
