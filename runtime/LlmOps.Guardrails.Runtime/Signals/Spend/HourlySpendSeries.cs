using System;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// The hourly (and, for budget scopes, daily) spend of one dimension value in this process, with the baselines of
    /// the running hour cached: they depend only on earlier hours, so they are computed once per hour, not per call.
    /// Not thread-safe: the owner locks it.
    /// </summary>
    internal sealed class HourlySpendSeries
    {
        internal const int DaysKept = 64;

        private readonly SpendAnomalyOptions _options;
        private readonly decimal[] _hours;
        private readonly decimal[]? _days;
        private long _firstHour;
        private long _currentHour;
        private long _lastSpendHour;
        private long _firstDay;
        private long _currentDay;
        private bool _baselineStale = true;
        private Baseline _hourBaseline;
        private Baseline _dayBaseline;
        private decimal _previous23Hours;

        public HourlySpendSeries(SpendAnomalyOptions options, bool keepDays, long hour)
        {
            _options = options;
            _hours = new decimal[options.LookbackHours + 1];
            _days = keepDays ? new decimal[DaysKept] : null;
            Reset(hour);
        }

        /// <summary>The last hour an anomaly was raised for (−1: none): once per hour.</summary>
        public long AlertedHour { get; set; } = -1;

        public long LastSpendHour => _lastSpendHour;

        /// <summary>Hours of quiet after which nothing of the series is used any more (its baselines, or its daily totals).</summary>
        public long ForgetAfterHours => _days is null ? _options.LookbackHours : Math.Max(_options.LookbackHours, DaysKept * 24);

        public long CurrentHour => _currentHour;

        /// <summary>Adds spend to <paramref name="hour"/> (hours since 0001-01-01 UTC). False when the hour is too old to keep.</summary>
        public bool Add(long hour, decimal amount)
        {
            if (hour - _lastSpendHour > _options.LookbackHours)
            {
                // Quiet for longer than any baseline reaches: it starts again, warm-up and all (as the SQL ledger sees it).
                Reset(hour);
            }

            if (hour > _currentHour)
            {
                var gap = Math.Min(hour - _currentHour, _hours.Length);
                for (var i = 1; i <= gap; i++)
                {
                    _hours[Slot(_currentHour + i)] = 0m;
                }

                _currentHour = hour;
                _baselineStale = true;
            }
            else if (_currentHour - hour > _options.LookbackHours)
            {
                return false;
            }
            else if (hour < _currentHour)
            {
                // A late call (it started in an earlier hour): the cached baselines no longer hold.
                _baselineStale = true;
            }

            _hours[Slot(hour)] += amount;
            _lastSpendHour = Math.Max(_lastSpendHour, hour);
            if (hour < _firstHour)
            {
                _firstHour = hour;
            }

            AddToDay(hour / 24, amount);
            return true;
        }

        /// <summary>The anomaly of the running hour, if its spend so far crosses a threshold; null otherwise.</summary>
        public (SpendAnomalyKind Kind, double Spend, double Mean, double Z)? Check()
        {
            if (_baselineStale)
            {
                ComputeBaselines();
            }

            var spend = (double)_hours[Slot(_currentHour)];
            if (_hourBaseline.Kind is { } hourKind)
            {
                var z = SpendAnomalyRule.Z(spend, _hourBaseline.Mean, _hourBaseline.Variance, _options.HourNoiseFloor, _options);
                if (SpendAnomalyRule.Crossed(spend, _hourBaseline.Mean, z, _options))
                {
                    return (hourKind, spend, _hourBaseline.Mean, z);
                }
            }

            // A drift alert needs a day without alerts for the key: the 24-hour total still holds the excess of the last
            // alert, which would otherwise be reported again every hour for a day.
            if (_dayBaseline.Kind is not null && (AlertedHour < 0 || _currentHour - AlertedHour >= 24))
            {
                var day = spend + (double)_previous23Hours;
                var z = SpendAnomalyRule.Z(day, _dayBaseline.Mean, _dayBaseline.Variance, _options.DayNoiseFloor, _options);
                if (SpendAnomalyRule.Crossed(day, _dayBaseline.Mean, z, _options))
                {
                    return (SpendAnomalyKind.DayVsPreviousDays, day, _dayBaseline.Mean, z);
                }
            }

            return null;
        }

        /// <summary>Spend per UTC day from <paramref name="firstDay"/> for <paramref name="count"/> days; days before the series began are left out.</summary>
        public (long FirstDay, decimal[] Days) CopyDays(long firstDay, int count)
        {
            var from = Math.Max(firstDay, Math.Max(_firstDay, _currentDay - DaysKept + 1));
            var length = (int)Math.Max(0, firstDay + count - from);
            var days = new decimal[length];
            for (var i = 0; i < length; i++)
            {
                var day = from + i;
                days[i] = _days is not null && day <= _currentDay ? _days[(int)(day % DaysKept)] : 0m;
            }

            return (from, days);
        }

        private void AddToDay(long day, decimal amount)
        {
            if (_days is null)
            {
                return;
            }

            if (day > _currentDay)
            {
                var gap = Math.Min(day - _currentDay, DaysKept);
                for (var i = 1; i <= gap; i++)
                {
                    _days[(int)((_currentDay + i) % DaysKept)] = 0m;
                }

                _currentDay = day;
            }
            else if (_currentDay - day >= DaysKept)
            {
                return;
            }

            _days[(int)(day % DaysKept)] += amount;
            if (day < _firstDay)
            {
                _firstDay = day;
            }
        }

        private void Reset(long hour)
        {
            Array.Clear(_hours, 0, _hours.Length);
            _firstHour = _currentHour = _lastSpendHour = hour;
            if (_days is not null && (_currentDay == 0 || hour / 24 - _currentDay >= DaysKept))
            {
                Array.Clear(_days, 0, _days.Length);
                _firstDay = _currentDay = hour / 24;
            }

            _baselineStale = true;
        }

        private void ComputeBaselines()
        {
            var o = _options;
            var maxLag = Math.Min(_currentHour - _firstHour, o.LookbackHours);
            _hourBaseline = default;
            var weeks = (int)Math.Min(o.SeasonalWeeks, maxLag / 168);
            if (weeks >= o.MinimumSeasonalWeeks)
            {
                var ewma = SpendAnomalyRule.Ewma.Start();
                for (var k = 1; k <= weeks; k++)
                {
                    ewma.Add(Lag(168 * k), o.Alpha);
                }

                _hourBaseline = new Baseline(SpendAnomalyKind.HourVsSeasonal, ewma.Mean, ewma.Variance);
            }
            else if (maxLag >= 24)
            {
                double sum = 0, squares = 0;
                for (var lag = 1; lag <= 24; lag++)
                {
                    var x = Lag(lag);
                    sum += x;
                    squares += x * x;
                }

                var mean = sum / 24;
                _hourBaseline = new Baseline(SpendAnomalyKind.HourVsLast24Hours, mean, Math.Max((squares / 24) - (mean * mean), 0));
            }

            _previous23Hours = 0m;
            for (var lag = 1; lag <= 23; lag++)
            {
                _previous23Hours += _hours[Slot(_currentHour - lag)];
            }

            _dayBaseline = default;
            var days = (int)Math.Min(o.DriftDays, Math.Max(0, maxLag - 23) / 24);
            if (days >= o.MinimumDriftDays)
            {
                var ewma = SpendAnomalyRule.Ewma.Start();
                for (var k = 1; k <= days; k++)
                {
                    double day = 0;
                    for (var lag = 24 * k; lag < 24 * (k + 1); lag++)
                    {
                        day += Lag(lag);
                    }

                    ewma.Add(day, o.Alpha);
                }

                _dayBaseline = new Baseline(SpendAnomalyKind.DayVsPreviousDays, ewma.Mean, ewma.Variance);
            }

            _baselineStale = false;
        }

        private double Lag(long lag) => (double)_hours[Slot(_currentHour - lag)];

        private int Slot(long hour) => (int)(hour % _hours.Length);

        private struct Baseline
        {
            public Baseline(SpendAnomalyKind kind, double mean, double variance)
            {
                Kind = kind;
                Mean = mean;
                Variance = variance;
            }

            public SpendAnomalyKind? Kind;
            public double Mean;
            public double Variance;
        }
    }
}
