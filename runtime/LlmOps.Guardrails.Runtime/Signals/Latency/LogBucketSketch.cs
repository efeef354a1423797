using System;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// A DDSketch-style quantile sketch over positive values (seconds): value <c>x</c> goes to bucket
    /// <c>ceil(log_γ x)</c> with <c>γ = (1 + α) / (1 − α)</c>, and a bucket reads back as <c>2γ^i / (γ + 1)</c>, which is
    /// within relative error <c>α</c> of every value in it. So a quantile read from the sketch is within <c>α</c> of the
    /// exact quantile (rank <c>⌊q(n − 1)⌋</c> of the sorted values) for values between <see cref="MinValue"/> and
    /// <see cref="MaxValue"/>; values outside are clamped to them. Memory is fixed by the range and <c>α</c>
    /// (about 870 counters for 0.1 ms to 1 h at 1 %), and two sketches with the same parameters merge by adding counters.
    /// Not thread-safe: the owner locks.
    /// </summary>
    internal sealed class LogBucketSketch
    {
        private readonly double _gamma;
        private readonly double _logGamma;
        private readonly int _offset;
        private readonly long[] _counts;
        private int _lowest = int.MaxValue;
        private int _highest = -1;

        public LogBucketSketch(double relativeAccuracy, double minValue, double maxValue)
        {
            if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), "The relative accuracy must be between 0 and 1 (exclusive).");
            if (!(minValue > 0 && maxValue > minValue)) throw new ArgumentOutOfRangeException(nameof(minValue), "The range must be positive and not empty.");
            RelativeAccuracy = relativeAccuracy;
            MinValue = minValue;
            MaxValue = maxValue;
            _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
            _logGamma = Math.Log(_gamma);
            _offset = RawIndex(minValue);
            _counts = new long[RawIndex(maxValue) - _offset + 1];
        }

        public double RelativeAccuracy { get; }

        public double MinValue { get; }

        public double MaxValue { get; }

        public long Count { get; private set; }

        /// <summary>How many counters the sketch holds (its fixed memory, 8 bytes each).</summary>
        public int BucketCount => _counts.Length;

        public void Add(double value)
        {
            if (double.IsNaN(value)) return;
            var clamped = value < MinValue ? MinValue : value > MaxValue ? MaxValue : value;
            var slot = RawIndex(clamped) - _offset;
            if (slot < 0) slot = 0;
            else if (slot >= _counts.Length) slot = _counts.Length - 1;
            _counts[slot]++;
            Count++;
            if (slot < _lowest) _lowest = slot;
            if (slot > _highest) _highest = slot;
        }

        /// <summary>Adds <paramref name="other"/>'s counts to this sketch; both must have the same accuracy and range.</summary>
        public void MergeFrom(LogBucketSketch other)
        {
            if (other is null) throw new ArgumentNullException(nameof(other));
            if (other._counts.Length != _counts.Length || other._gamma != _gamma || other._offset != _offset)
            {
                throw new ArgumentException("Only sketches with the same relative accuracy and range can be merged.", nameof(other));
            }

            if (other.Count == 0) return;
            for (var slot = other._lowest; slot <= other._highest; slot++) _counts[slot] += other._counts[slot];
            Count += other.Count;
            if (other._lowest < _lowest) _lowest = other._lowest;
            if (other._highest > _highest) _highest = other._highest;
        }

        public void Clear()
        {
            if (Count == 0) return;
            Array.Clear(_counts, _lowest, _highest - _lowest + 1);
            Count = 0;
            _lowest = int.MaxValue;
            _highest = -1;
        }

        /// <summary>The <paramref name="quantile"/> (0..1) of the values added, or null when there are none.</summary>
        public double? Quantile(double quantile)
        {
            if (!(quantile >= 0 && quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(quantile), "A quantile is between 0 and 1.");
            if (Count == 0) return null;
            var rank = (long)Math.Floor(quantile * (Count - 1));
            long seen = 0;
            for (var slot = _lowest; slot <= _highest; slot++)
            {
                seen += _counts[slot];
                if (seen > rank) return Value(slot);
            }

            return Value(_highest);
        }

        private int RawIndex(double value) => (int)Math.Ceiling(Math.Log(value) / _logGamma);

        private double Value(int slot)
        {
            var value = 2 * Math.Pow(_gamma, slot + _offset) / (_gamma + 1);
            return value < MinValue ? MinValue : value > MaxValue ? MaxValue : value;
        }
    }
}
