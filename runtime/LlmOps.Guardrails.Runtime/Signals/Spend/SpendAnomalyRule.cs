using System;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// The one scoring rule of spend anomalies, shared by the in-memory observer and mirrored by the PostgreSQL query:
    /// z = (spend − mean) / σ, with σ never below the noise floor (<see cref="SpendAnomalyOptions.HourNoiseFloor"/> or
    /// <see cref="SpendAnomalyOptions.DayNoiseFloor"/>) × mean nor below
    /// <see cref="SpendAnomalyOptions.MinimumExcessUsd"/> / <see cref="SpendAnomalyOptions.ZThreshold"/> (so that a key whose
    /// baseline is all zeros still has a finite z); an anomaly needs z ≥ the threshold and spend − mean ≥ the minimum excess.
    /// </summary>
    internal static class SpendAnomalyRule
    {
        public static double EffectiveSigma(double mean, double variance, double noiseFloor, SpendAnomalyOptions options)
        {
            var sigma = Math.Sqrt(Math.Max(variance, 0.0));
            sigma = Math.Max(sigma, noiseFloor * Math.Max(mean, 0.0));
            return Math.Max(sigma, (double)options.MinimumExcessUsd / options.ZThreshold);
        }

        public static double Z(double spend, double mean, double variance, double noiseFloor, SpendAnomalyOptions options)
        {
            var sigma = EffectiveSigma(mean, variance, noiseFloor, options);
            if (sigma > 0)
            {
                return (spend - mean) / sigma;
            }

            return spend > mean ? double.PositiveInfinity : 0.0;
        }

        public static bool Crossed(double spend, double mean, double z, SpendAnomalyOptions options) =>
            z >= options.ZThreshold && (decimal)(spend - mean) >= options.MinimumExcessUsd;

        /// <summary>Mean and variance of samples weighted (1 − alpha)^(k − 1), k = 1 for the most recent.</summary>
        public struct Ewma
        {
            private double _weight;
            private double _sum;
            private double _sumOfSquares;
            private double _nextWeight;

            public static Ewma Start() => new() { _nextWeight = 1.0 };

            public void Add(double sample, double alpha)
            {
                _weight += _nextWeight;
                _sum += _nextWeight * sample;
                _sumOfSquares += _nextWeight * sample * sample;
                _nextWeight *= 1.0 - alpha;
            }

            public double Mean => _weight > 0 ? _sum / _weight : 0.0;

            public double Variance => _weight > 0 ? Math.Max((_sumOfSquares / _weight) - (Mean * Mean), 0.0) : 0.0;
        }
    }
}
