using System;
using System.Globalization;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>A call was refused before reaching the provider because its worst-case cost does not fit a budget.</summary>
    public sealed class BudgetExceededException : Exception
    {
        public BudgetExceededException(BudgetLimit limit, BudgetBucket bucket, decimal spentUsd, decimal reservedUsd, decimal requestedUsd, string? modelId = null)
            : base(Format(limit, bucket, spentUsd, reservedUsd, requestedUsd, modelId))
        {
            Limit = limit ?? throw new ArgumentNullException(nameof(limit));
            Bucket = bucket;
            SpentUsd = spentUsd;
            ReservedUsd = reservedUsd;
            RequestedUsd = requestedUsd;
            ModelId = modelId;
        }

        /// <summary>The limit that would have been exceeded.</summary>
        public BudgetLimit Limit { get; }

        /// <summary>The scope value and window: <c>Bucket.Key</c> is the feature, team or tenant that ran out.</summary>
        public BudgetBucket Bucket { get; }

        public BudgetScope Scope => Limit.Scope;

        /// <summary>The feature, team or tenant; null for the global budget.</summary>
        public string? Key => Bucket.Key;

        public BudgetWindow Window => Limit.Window;

        public DateTimeOffset WindowStart => Bucket.WindowStart;

        public decimal LimitUsd => Limit.LimitUsd;

        /// <summary>Settled spend in the window.</summary>
        public decimal SpentUsd { get; }

        /// <summary>Reservations of calls still in flight.</summary>
        public decimal ReservedUsd { get; }

        /// <summary>The refused call's worst-case cost.</summary>
        public decimal RequestedUsd { get; }

        public string? ModelId { get; }

        private static string Format(BudgetLimit limit, BudgetBucket bucket, decimal spent, decimal reserved, decimal requested, string? modelId) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "LLM budget exceeded: the {0} {1} budget (window from {2:yyyy-MM-ddTHH:mm}Z) is ${3}; spent ${4}, reserved by calls in flight ${5}; this call{6} needs up to ${7}. The call was not sent.",
                BudgetLimit.Describe(bucket.Scope, bucket.Key),
                BudgetWindows.Name(bucket.Window),
                bucket.WindowStart.UtcDateTime,
                limit?.LimitUsd,
                Round(spent),
                Round(reserved),
                modelId is null ? string.Empty : " to '" + modelId + "'",
                Round(requested));

        private static decimal Round(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
    }
}
