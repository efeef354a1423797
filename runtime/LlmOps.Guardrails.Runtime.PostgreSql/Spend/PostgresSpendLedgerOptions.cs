using System;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.PostgreSql.Spend
{
    /// <summary>Settings of <see cref="PostgresSpendLedger"/>.</summary>
    public sealed class PostgresSpendLedgerOptions
    {
        /// <summary>The PostgreSQL schema of the ledger and alert tables; <c>public</c> by default.</summary>
        public string Schema { get; set; } = "public";

        /// <summary>The anomaly rules (the same as in memory); null turns anomaly checks off.</summary>
        public SpendAnomalyOptions? Anomalies { get; set; } = new SpendAnomalyOptions();

        /// <summary>Called once per dimension, key and hour for the whole fleet: on the instance whose check inserted the alert.</summary>
        public Action<SpendAnomaly>? OnSpendAnomaly { get; set; }

        /// <summary>The budgets to forecast from the ledger; null turns the forecast off.</summary>
        public BudgetForecastOptions? Forecast { get; set; }

        /// <summary>Where anomalies and failures of the background loop are logged; none by default.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>The clock of the checks (which hour is running, which month is projected).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
