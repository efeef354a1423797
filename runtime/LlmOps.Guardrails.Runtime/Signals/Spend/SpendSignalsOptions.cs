using System;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>Settings of <see cref="SpendSignalsObserver"/>. Read once, when the observer is made.</summary>
    public sealed class SpendSignalsOptions
    {
        /// <summary>The anomaly rules; null turns anomaly detection off (the observer then only keeps daily totals for the forecast).</summary>
        public SpendAnomalyOptions? Anomalies { get; set; } = new SpendAnomalyOptions();

        /// <summary>Called (synchronously, on the path of the call that crossed the threshold) once per dimension, key and hour. Exceptions it throws are swallowed.</summary>
        public Action<SpendAnomaly>? OnSpendAnomaly { get; set; }

        /// <summary>The budgets to forecast; null (the default) or no limits turns the forecast off.</summary>
        public BudgetForecastOptions? Forecast { get; set; }

        /// <summary>How often a call re-evaluates the forecasts (and their alerts). Default 15 minutes.</summary>
        public TimeSpan ForecastInterval { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Where anomalies are logged (event id 7101); none by default.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>The clock of the forecast evaluations (spend itself is bucketed by each call's start time).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
