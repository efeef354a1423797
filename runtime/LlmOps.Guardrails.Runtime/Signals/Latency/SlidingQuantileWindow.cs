using System;

namespace LlmOps.Guardrails.Runtime.Signals.Latency
{
    /// <summary>
    /// Quantiles over the last <c>window</c> of time: one <see cref="LogBucketSketch"/> per interval (window / intervals),
    /// in a ring; an interval older than the window is cleared before its slot is reused, and a read merges the live
    /// intervals into a scratch sketch. Memory is fixed (intervals + 1 sketches). Not thread-safe: the owner locks.
    /// </summary>
    internal sealed class SlidingQuantileWindow
    {
        private readonly LogBucketSketch[] _slots;
        private readonly long[] _slotInterval;
        private readonly LogBucketSketch _merged;
        private readonly long _intervalTicks;

        public SlidingQuantileWindow(TimeSpan window, int intervals, double relativeAccuracy, double minValue, double maxValue)
        {
            if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
            if (intervals < 1) throw new ArgumentOutOfRangeException(nameof(intervals), "A window has at least one interval.");
            _intervalTicks = Math.Max(1, window.Ticks / intervals);
            _slots = new LogBucketSketch[intervals];
            _slotInterval = new long[intervals];
            for (var i = 0; i < intervals; i++)
            {
                _slots[i] = new LogBucketSketch(relativeAccuracy, minValue, maxValue);
                _slotInterval[i] = long.MinValue;
            }

            _merged = new LogBucketSketch(relativeAccuracy, minValue, maxValue);
        }

        public void Add(DateTimeOffset now, double value)
        {
            var interval = now.UtcTicks / _intervalTicks;
            var slot = (int)(interval % _slots.Length);
            if (_slotInterval[slot] != interval)
            {
                _slots[slot].Clear();
                _slotInterval[slot] = interval;
            }

            _slots[slot].Add(value);
        }

        /// <summary>The live intervals merged: the values of the last window (up to one interval's rounding) as of <paramref name="now"/>.</summary>
        public LogBucketSketch Read(DateTimeOffset now)
        {
            var current = now.UtcTicks / _intervalTicks;
            _merged.Clear();
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slotInterval[i] > current - _slots.Length && _slotInterval[i] <= current) _merged.MergeFrom(_slots[i]);
            }

            return _merged;
        }
    }
}
