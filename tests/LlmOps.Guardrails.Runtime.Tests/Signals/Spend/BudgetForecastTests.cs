using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

[Collection(TelemetryCollection.Name)]
public sealed class BudgetForecastTests
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_mid_month_overrun_on_a_linear_trend_is_predicted_at_least_seven_days_ahead()
    {
        // $10 on June 1st, $2 more each day, ±5 % noise: $500 is crossed on June 19 (cumulative $532 against $486 on the 18th).
        var limit = BudgetLimit.Global(BudgetWindow.Month, 500m);
        var (observer, clock, alerts) = Observe(limit);
        var random = new Random(7);
        var actual = new List<decimal>();
        DateTime? actualCrossing = null;
        for (var day = 0; day < 30; day++)
        {
            var daily = (10m + (2m * day)) * (decimal)(1 + ((random.NextDouble() - 0.5) * 0.1));
            actual.Add(daily);
            if (actualCrossing is null && actual.Sum() > 500m)
            {
                actualCrossing = June.AddDays(day).UtcDateTime;
            }

            SpendDay(observer, clock, June.AddDays(day), daily, "ops");
        }

        Assert.Equal(new DateTime(2026, 6, 19), actualCrossing);
        var crossed = actualCrossing!.Value;
        var over = alerts.Where(a => a.Alert.Kind == BudgetForecastAlertKind.OverLimit).ToList();
        var first = Assert.Single(over);
        Assert.True(first.At.UtcDateTime <= crossed.AddDays(-7), $"first predicted on {first.At:u}");
        Assert.InRange(first.Alert.Forecast.CrossingDate!.Value, crossed.AddDays(-2), crossed.AddDays(2));
        Assert.DoesNotContain(alerts, a => a.Alert.Kind == BudgetForecastAlertKind.BackUnderLimit);

        // On June 11 (ten complete days) the projection is the month's line: about 10 × 30 + 2 × (0 + … + 29) = $1,170.
        var mid = observer.Forecaster!.Forecast(limit, new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero));
        Assert.InRange(mid.ProjectedUsd, 1100m, 1240m);
        Assert.True(mid.OverLimit);
        Assert.True(mid.HasData);
    }

    [Fact]
    public void A_projection_that_comes_back_under_the_limit_clears_once_and_stays_quiet()
    {
        var limit = new BudgetLimit(BudgetScope.Feature, "triage", BudgetWindow.Month, 1000m);
        var (observer, clock, alerts) = Observe(limit);

        // A heavy start ($60 a day, heading for $1,800), then a fix: $5 a day from June 6.
        for (var day = 0; day < 30; day++)
        {
            SpendDay(observer, clock, June.AddDays(day), day < 5 ? 60m : 5m, "triage");
        }

        Assert.Equal(
            new[] { BudgetForecastAlertKind.OverLimit, BudgetForecastAlertKind.BackUnderLimit },
            alerts.Select(a => a.Alert.Kind));
        var back = alerts[1].Alert.Forecast;
        Assert.Equal("triage", back.Key);
        Assert.True(back.ProjectedUsd <= 1000m, back.ToString());
        Assert.Null(back.CrossingDate);
    }

    [Fact]
    public void Each_value_of_a_keyless_budget_is_forecast_and_a_keyed_limit_takes_its_place()
    {
        var perFeature = new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Month, 100m);
        var search = new BudgetLimit(BudgetScope.Feature, "search", BudgetWindow.Month, 1000m);
        var (observer, clock, _) = Observe(perFeature, search);
        for (var day = 0; day < 10; day++)
        {
            SpendDay(observer, clock, June.AddDays(day), 4m, "search");
            SpendDay(observer, clock, June.AddDays(day), 2m, "triage");
        }

        var all = observer.Forecaster!.ForecastAll(new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new[] { ("triage", 100m, 60m), ("search", 1000m, 120m) }, all.Select(f => (f.Key!, f.LimitUsd, f.ProjectedUsd)));
    }

    [Fact]
    public void The_weekday_pattern_is_kept_in_the_projection()
    {
        // Weekends cost nothing, weekdays $10: four weeks of May teach the weights; June then projects weekdays only.
        var limit = BudgetLimit.Global(BudgetWindow.Month, 1000m);
        var (observer, clock, _) = Observe(limit);
        var may = new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);
        for (var at = may; at < new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero); at = at.AddDays(1))
        {
            var weekend = at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            SpendDay(observer, clock, at, weekend ? 0.000001m : 10m, "ops");
        }

        // June 2026 has 22 weekdays: $220 in all, where a flat daily mean would say 30 × $7.14 = $214.
        var forecast = observer.Forecaster!.Forecast(limit, new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero));
        Assert.InRange(forecast.ProjectedUsd, 219.9m, 220.1m);
    }

    [Fact]
    public void The_gauge_reports_each_projection_with_scope_key_and_window()
    {
        var limit = new BudgetLimit(BudgetScope.Team, "gauge-team", BudgetWindow.Month, 50m);
        var clock = new SimulatedClock(June);
        using var observer = new SpendSignalsObserver(new SpendSignalsOptions
        {
            Anomalies = null,
            TimeProvider = clock,
            Forecast = new BudgetForecastOptions { Limits = { limit } },
        });
        for (var day = 0; day < 4; day++)
        {
            SpendDay(observer, clock, June.AddDays(day), 3m, "ops", team: "gauge-team");
        }

        clock.Now = new DateTimeOffset(2026, 6, 5, 0, 0, 0, TimeSpan.Zero);
        var points = new List<(double Value, Dictionary<string, object?> Tags)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == SpendInstruments.ForecastInstrument) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                var copy = new Dictionary<string, object?>();
                foreach (var tag in tags) copy[tag.Key] = tag.Value;
                points.Add((value, copy));
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        var point = Assert.Single(points, p => Equals(p.Tags["llmops.budget.key"], "gauge-team"));
        Assert.Equal(90.0, point.Value, 6);
        Assert.Equal("team", point.Tags["llmops.budget.scope"]);
        Assert.Equal("month", point.Tags["llmops.budget.window"]);

        observer.Dispose();
        points.Clear();
        using var after = new MeterListener();
        after.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == SpendInstruments.ForecastInstrument) l.EnableMeasurementEvents(instrument);
        };
        after.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            points.Add((value, copy));
        });
        after.Start();
        after.RecordObservableInstruments();
        Assert.DoesNotContain(points, p => Equals(p.Tags["llmops.budget.key"], "gauge-team"));
    }

    [Fact]
    public void Alerts_are_logged_with_their_event_ids()
    {
        var logger = new ListLogger();
        var limit = BudgetLimit.Global(BudgetWindow.Month, 100m);
        var clock = new SimulatedClock(June);
        using var observer = new SpendSignalsObserver(new SpendSignalsOptions
        {
            TimeProvider = clock,
            ForecastInterval = TimeSpan.FromHours(1),
            Forecast = new BudgetForecastOptions { Limits = { limit }, Logger = logger },
        });
        for (var day = 0; day < 6; day++)
        {
            SpendDay(observer, clock, June.AddDays(day), day < 4 ? 10m : 0.01m, "ops");
        }

        Assert.Equal(
            new[] { SpendLog.ForecastOverLimitEvent, SpendLog.ForecastBackUnderLimitEvent },
            logger.Entries.Select(e => e.Id));
        Assert.Contains("global month", logger.Entries[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2026, 6, true)]   // June: 30 days, the same as dotnet eval's 30-day month
    [InlineData(2026, 7, false)]  // July: 31 days, the runtime projects the calendar month (1/30 more)
    public void The_month_end_projection_of_a_flat_daily_spend_agrees_with_the_eval_cost_reports_monthly_figure(int year, int month, bool thirtyDays)
    {
        // dotnet eval cost: one call's cost × calls per day × CostBreakdown.DaysPerMonth (30).
        var perCall = new CostBreakdown { InputCost = 0.0012m, OutputCost = 0.0009m, CachedInputCost = 0.00003m };
        const int callsPerDay = 240;
        var evalMonthly = perCall.MonthlyAt(callsPerDay);

        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        var limit = BudgetLimit.Global(BudgetWindow.Month, 1_000_000m);
        var (observer, clock, _) = Observe(limit);
        var span = TimeSpan.FromDays(1).Ticks / callsPerDay;
        for (var call = 0; call < callsPerDay * 12; call++)
        {
            var at = start.AddTicks(call * span);
            clock.Now = at;
            observer.OnCallCompleted(new LlmCallRecord { StartedAt = at, CostUsd = perCall.TotalCost, Attribution = new AttributionTags { Feature = "ops" } });
        }

        var forecast = observer.Forecaster!.Forecast(limit, start.AddDays(12));
        var days = DateTime.DaysInMonth(year, month);
        Assert.Equal(Math.Round(evalMonthly * days / CostBreakdown.DaysPerMonth, 6), forecast.ProjectedUsd);
        Assert.Equal(thirtyDays, forecast.ProjectedUsd == evalMonthly);
    }

    private static (SpendSignalsObserver Observer, SimulatedClock Clock, List<(DateTimeOffset At, BudgetForecastAlert Alert)> Alerts) Observe(params BudgetLimit[] limits)
    {
        var clock = new SimulatedClock(June);
        var alerts = new List<(DateTimeOffset, BudgetForecastAlert)>();
        var options = new BudgetForecastOptions { OnAlert = a => alerts.Add((clock.Now, a)) };
        foreach (var limit in limits)
        {
            options.Limits.Add(limit);
        }

        var observer = new SpendSignalsObserver(new SpendSignalsOptions { TimeProvider = clock, ForecastInterval = TimeSpan.FromHours(1), Forecast = options });
        return (observer, clock, alerts);
    }

    /// <summary>Spends <paramref name="usd"/> over the UTC day starting at <paramref name="day"/>, one call an hour, the clock following the calls.</summary>
    private static void SpendDay(SpendSignalsObserver observer, SimulatedClock clock, DateTimeOffset day, decimal usd, string feature, string? team = null)
    {
        for (var hour = 0; hour < 24; hour++)
        {
            var at = day.AddHours(hour);
            clock.Now = at;
            observer.OnCallCompleted(new LlmCallRecord
            {
                StartedAt = at,
                CostUsd = usd / 24m,
                Attribution = new AttributionTags { Feature = feature, Team = team },
            });
        }
    }
}
