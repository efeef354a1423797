using System.Diagnostics;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

[Collection(TelemetryCollection.Name)]
public sealed class SpendAnomalyTests
{
    private static readonly DateTimeOffset Monday = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void A_tenfold_spike_is_raised_within_the_hour_it_happens_once_per_dimension(int seed)
    {
        var raised = new List<(SpendAnomaly Anomaly, DateTimeOffset At)>();
        var at = Monday;
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = a => raised.Add((a, at)) });
        var traffic = new SpendTraffic(seed);
        var spikeHour = Monday.AddDays(5).AddHours(14);

        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(6)))
        {
            at = step;
            var inSpike = step >= spikeHour && step < spikeHour.AddHours(1);
            observer.OnCallCompleted(traffic.CallAt(step, inSpike ? 10.0 : 1.0));
        }

        // Feature, team, model, tenant and user all saw the spike: one anomaly each, in the spike hour, raised before it ended.
        Assert.True(raised.Count == 5, string.Join("\n", raised.Select(r => $"{r.At:u}: {r.Anomaly}")));
        Assert.All(raised, r => Assert.Equal(spikeHour, r.Anomaly.Hour));
        Assert.All(raised, r => Assert.True(r.At < spikeHour.AddMinutes(20), $"raised at {r.At:HH:mm}, too late"));
        Assert.All(raised, r => Assert.Equal(SpendAnomalyKind.HourVsLast24Hours, r.Anomaly.Kind));
        Assert.Equal(
            new[] { SpendDimension.Feature, SpendDimension.Team, SpendDimension.Model, SpendDimension.Tenant, SpendDimension.User },
            raised.Select(r => r.Anomaly.Dimension));
        var feature = raised[0].Anomaly;
        Assert.Equal("search", feature.Key);
        Assert.True(feature.SpendUsd >= feature.BaselineUsd + 1m, feature.ToString());
        Assert.True(feature.Z >= 4, feature.ToString());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void A_slow_threefold_creep_is_raised_within_a_day(int seed)
    {
        var raised = new List<(SpendAnomaly Anomaly, DateTimeOffset At)>();
        var at = Monday;
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = a => raised.Add((a, at)) });
        var traffic = new SpendTraffic(seed);
        var creepStart = Monday.AddDays(4).AddHours(9);

        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(7)))
        {
            at = step;
            var hours = (step - creepStart).TotalHours;
            var factor = hours <= 0 ? 1.0 : 1.0 + (2.0 * Math.Min(hours, 24.0) / 24.0);
            observer.OnCallCompleted(traffic.CallAt(step, factor));
        }

        var feature = raised.Where(r => r.Anomaly.Dimension == SpendDimension.Feature).ToList();
        Assert.NotEmpty(feature);
        var first = feature[0];
        Assert.True(first.At > creepStart && first.At <= creepStart.AddDays(1), $"first raised at {first.At:u}: {first.Anomaly}");
    }

    [Theory]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(40)]
    public void A_flat_week_with_noise_and_a_daily_wave_raises_nothing(int seed)
    {
        var raised = new List<SpendAnomaly>();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = raised.Add });
        var streams = new[]
        {
            new SpendTraffic(seed + 1, feature: "search", tenant: "acme", user: "u1") { DailyWave = 0.5 },
            new SpendTraffic(seed + 2, feature: "draft-reply", team: "support", model: "gpt-4.1", tenant: "globex", user: "u2") { UsdPerHour = 8m, DailyWave = 0.3 },
            new SpendTraffic(seed + 3, feature: "summarise", team: "support", model: "claude-haiku-4-5", tenant: "initech", user: "u3") { UsdPerHour = 1.5m },
        };

        // Three weeks, so that the seasonal baseline is in use for the last one.
        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(21)))
        {
            foreach (var stream in streams)
            {
                observer.OnCallCompleted(stream.CallAt(step));
            }
        }

        Assert.True(raised.Count == 0, string.Join("\n", raised));
    }

    [Fact]
    public void A_new_key_has_no_baseline_and_raises_nothing_until_it_has_one()
    {
        var raised = new List<SpendAnomaly>();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = raised.Add });
        var traffic = new SpendTraffic(seed: 31);

        // A launch: ten times the usual from the first hour on, then the usual.
        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddHours(30)))
        {
            observer.OnCallCompleted(traffic.CallAt(step, step < Monday.AddHours(3) ? 10.0 : 1.0));
        }

        Assert.Empty(raised);
    }

    [Fact]
    public void The_seasonal_baseline_catches_a_spike_at_an_hour_that_is_usually_quiet()
    {
        var raised = new List<SpendAnomaly>();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = raised.Add });
        var traffic = new SpendTraffic(seed: 41) { DailyWave = 0.8 };
        var spikeHour = Monday.AddDays(16).AddHours(18); // the wave's trough

        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(17)))
        {
            var inSpike = step >= spikeHour && step < spikeHour.AddHours(1);
            observer.OnCallCompleted(traffic.CallAt(step, inSpike ? 10.0 : 1.0));
        }

        var feature = Assert.Single(raised, a => a.Dimension == SpendDimension.Feature);
        Assert.Equal(spikeHour, feature.Hour);
        Assert.Equal(SpendAnomalyKind.HourVsSeasonal, feature.Kind);
    }

    [Fact]
    public void An_anomaly_is_counted_logged_and_added_to_the_span_of_the_call_that_crossed_it_without_the_user_id_on_the_metric()
    {
        var logger = new ListLogger();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { Logger = logger });
        var traffic = new SpendTraffic(seed: 51, feature: "spend-telemetry", user: "alice@example.com");
        var spikeHour = Monday.AddDays(2).AddHours(3);
        using var source = new ActivitySource("LlmOps.Guardrails.Runtime.Tests.Spend");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var spans = new List<Activity>();

        foreach (var step in SpendTraffic.Steps(Monday, spikeHour.AddHours(1)))
        {
            using var span = source.StartActivity("chat")!;
            spans.Add(span);
            observer.OnCallCompleted(traffic.CallAt(step, step >= spikeHour ? 10.0 : 1.0));
        }

        var withEvent = spans.Where(s => s.Events.Any(e => e.Name == SpendInstruments.AnomalyEventName)).ToList();
        Assert.Single(withEvent);
        // The span of a call in the spike hour: the one during whose OnCallCompleted the threshold was crossed.
        var crossedAt = spans.IndexOf(withEvent[0]);
        var spikeStart = (int)((spikeHour - Monday).Ticks / SpendTraffic.Step.Ticks);
        Assert.InRange(crossedAt, spikeStart, spikeStart + 11);
        Assert.Equal(5, withEvent[0].Events.Count(e => e.Name == SpendInstruments.AnomalyEventName));
        Assert.DoesNotContain(withEvent[0].Events.SelectMany(e => e.Tags), t => Equals(t.Value, "alice@example.com"));

        var measured = MeasureAnomalies(() =>
        {
            var again = new SpendSignalsObserver(new SpendSignalsOptions());
            var replay = new SpendTraffic(seed: 51, feature: "spend-telemetry", user: "alice@example.com");
            foreach (var step in SpendTraffic.Steps(Monday, spikeHour.AddHours(1)))
            {
                again.OnCallCompleted(replay.CallAt(step, step >= spikeHour ? 10.0 : 1.0));
            }
        });
        Assert.Equal(5, measured.Count);
        Assert.Contains(measured, m => Equals(m["llmops.anomaly.dimension"], "feature") && Equals(m["llmops.anomaly.key"], "spend-telemetry"));
        var user = Assert.Single(measured, m => Equals(m["llmops.anomaly.dimension"], "user"));
        Assert.False(user.ContainsKey("llmops.anomaly.key"));

        var logged = logger.Entries.Where(e => e.Id == SpendLog.SpendAnomalyEvent).ToList();
        Assert.Equal(5, logged.Count);
        Assert.Contains(logged, e => e.Message.Contains("feature 'spend-telemetry'", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, e => e.Message.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_quiet_for_longer_than_the_baselines_reach_are_forgotten()
    {
        var observer = new SpendSignalsObserver(new SpendSignalsOptions());
        var once = new SpendTraffic(seed: 91, feature: "one-off", user: "visitor");
        var steady = new SpendTraffic(seed: 92, feature: "steady", user: "regular");
        observer.OnCallCompleted(once.CallAt(Monday));
        observer.OnCallCompleted(steady.CallAt(Monday));
        Assert.Contains("visitor", observer.KeysOf(SpendDimension.User));

        observer.OnCallCompleted(steady.CallAt(Monday.AddDays(28)));
        Assert.Contains("visitor", observer.KeysOf(SpendDimension.User));
        observer.OnCallCompleted(steady.CallAt(Monday.AddDays(28).AddHours(2)));
        Assert.DoesNotContain("visitor", observer.KeysOf(SpendDimension.User));
        Assert.DoesNotContain("one-off", observer.KeysOf(SpendDimension.Feature));
        Assert.Contains("regular", observer.KeysOf(SpendDimension.User));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_option_named()
    {
        var alpha = Assert.Throws<ArgumentOutOfRangeException>(() => new SpendSignalsObserver(new SpendSignalsOptions { Anomalies = new SpendAnomalyOptions { Alpha = 0 } }));
        Assert.Equal("Alpha", alpha.ParamName);
        var weeks = Assert.Throws<ArgumentOutOfRangeException>(() => new SpendSignalsObserver(new SpendSignalsOptions { Anomalies = new SpendAnomalyOptions { MinimumSeasonalWeeks = 5 } }));
        Assert.Equal("MinimumSeasonalWeeks", weeks.ParamName);
        Assert.Contains("never be used", weeks.Message, StringComparison.Ordinal);
        var trend = Assert.Throws<ArgumentOutOfRangeException>(() => new SpendSignalsObserver(new SpendSignalsOptions
        {
            Forecast = new BudgetForecastOptions { MinimumTrendDays = 1, Limits = { LlmOps.Guardrails.Runtime.Budgets.BudgetLimit.Global(LlmOps.Guardrails.Runtime.Budgets.BudgetWindow.Month, 1m) } },
        }));
        Assert.Equal("MinimumTrendDays", trend.ParamName);
    }

    private static List<Dictionary<string, object?>> MeasureAnomalies(Action run)
    {
        var seen = new List<Dictionary<string, object?>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == SpendInstruments.AnomalyInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (seen)
            {
                seen.Add(copy);
            }
        });
        listener.Start();
        run();
        return seen;
    }
}

/// <summary>What the in-memory observer allocates on a call's path once its values are known (times are in bench/, not here).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SpendObserverAllocationTests
{
    [Fact]
    public void A_call_in_a_known_hour_allocates_nothing()
    {
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var observer = new SpendSignalsObserver(new SpendSignalsOptions());
        var traffic = new SpendTraffic(seed: 81);
        foreach (var step in SpendTraffic.Steps(start, start.AddDays(2)))
        {
            observer.OnCallCompleted(traffic.CallAt(step));
        }

        var hour = start.AddDays(2);
        // Tiny calls, so that the hour stays ordinary: an anomaly allocates its record, and that is not the point here.
        var calls = Enumerable.Range(0, 1000)
            .Select(i => traffic.CallAt(hour.AddSeconds(i * 3)))
            .Select(c => new LlmCallRecord { StartedAt = c.StartedAt, Attribution = c.Attribution, ResponseModel = c.ResponseModel, CostUsd = 0.0001m })
            .ToArray();
        observer.OnCallCompleted(calls[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < calls.Length; i++)
        {
            observer.OnCallCompleted(calls[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
