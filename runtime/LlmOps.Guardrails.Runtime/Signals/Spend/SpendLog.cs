using System;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>The spend signals' structured log events (ids 7100–7109).</summary>
    public static class SpendLog
    {
        public static readonly EventId SpendAnomalyEvent = new(7101, "SpendAnomaly");
        public static readonly EventId ForecastOverLimitEvent = new(7102, "BudgetForecastOverLimit");
        public static readonly EventId ForecastBackUnderLimitEvent = new(7103, "BudgetForecastBackUnderLimit");
        public static readonly EventId KeyLimitReachedEvent = new(7104, "SpendKeyLimitReached");

        private const string AnomalyMessage =
            "Unusual LLM spend: {Dimension} '{Key}' spent {SpendUsd} USD in the hour from {Hour} ({Kind}), expected {BaselineUsd} USD, z={Z}";

        private static readonly Action<ILogger, string, string, decimal, decimal, DateTime?, Exception?> Over =
            LoggerMessage.Define<string, string, decimal, decimal, DateTime?>(
                LogLevel.Warning,
                ForecastOverLimitEvent,
                "Budget forecast over the limit: {Budget} '{Key}' is projected at {ProjectedUsd} USD by the end of its window, limit {LimitUsd} USD, reached on {CrossingDate}");

        private static readonly Action<ILogger, string, string, decimal, decimal, Exception?> Back =
            LoggerMessage.Define<string, string, decimal, decimal>(
                LogLevel.Information,
                ForecastBackUnderLimitEvent,
                "Budget forecast back under the limit: {Budget} '{Key}' is projected at {ProjectedUsd} USD, limit {LimitUsd} USD");

        private static readonly Action<ILogger, int, string, Exception?> KeyLimit =
            LoggerMessage.Define<int, string>(
                LogLevel.Warning,
                KeyLimitReachedEvent,
                "Spend anomalies: more than {MaxKeys} {Dimension} values seen; further values are not checked in this process");

        internal static void LogAnomaly(ILogger logger, SpendAnomaly a)
        {
            // User ids are personal data: the log names the dimension, not the user.
            var key = a.Dimension == SpendDimension.User ? "(user)" : a.Key;
            if (logger.IsEnabled(LogLevel.Warning))
            {
                // Seven fields: one more than LoggerMessage.Define takes.
                logger.Log(LogLevel.Warning, SpendAnomalyEvent, AnomalyMessage, SpendDimensions.Name(a.Dimension), key, a.Hour, SpendInstruments.KindName(a.Kind), a.SpendUsd, a.BaselineUsd, a.Z);
            }
        }

        internal static void LogForecast(ILogger logger, BudgetForecastAlert alert)
        {
            var f = alert.Forecast;
            var budget = BudgetWindows.Name(f.Limit.Scope) + " " + BudgetWindows.Name(f.Limit.Window);
            if (alert.Kind == BudgetForecastAlertKind.OverLimit)
            {
                Over(logger, budget, f.Key ?? string.Empty, f.ProjectedUsd, f.LimitUsd, f.CrossingDate, null);
            }
            else
            {
                Back(logger, budget, f.Key ?? string.Empty, f.ProjectedUsd, f.LimitUsd, null);
            }
        }

        internal static void LogKeyLimit(ILogger logger, SpendDimension dimension, int maxKeys) =>
            KeyLimit(logger, maxKeys, SpendDimensions.Name(dimension), null);
    }
}
