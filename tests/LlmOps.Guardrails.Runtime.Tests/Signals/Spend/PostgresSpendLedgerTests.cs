using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.PostgreSql.Spend;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using LlmOps.Guardrails.Runtime.Tests.Budgets;
using LlmOps.Guardrails.Tests.Shared;
using Npgsql;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

[Collection(PostgresCollection.Name)]
[RequiresSharedFixture(typeof(PostgresServerFixture))]
public sealed class PostgresSpendLedgerTests(PostgresServerFixture server)
{
    private static readonly DateTimeOffset Monday = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_instances_sharing_the_traffic_raise_one_alert_per_value_within_the_spike_hour_as_the_in_memory_observer_does()
    {
        var schema = NewSchema();
        var clock = new SimulatedClock(Monday);
        var raised = new List<(string Instance, SpendAnomaly Anomaly, DateTimeOffset At)>();
        await using var a = await NewLedgerAsync(schema, clock, x => raised.Add(("a", x, clock.Now)));
        await using var b = await NewLedgerAsync(schema, clock, x => raised.Add(("b", x, clock.Now)));
        var inMemory = new List<SpendAnomaly>();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = inMemory.Add });
        var traffic = new SpendTraffic(seed: 61);
        var spikeHour = Monday.AddDays(5).AddHours(14);
        var turn = 0;

        void Record(LlmCallRecord call)
        {
            (turn++ % 2 == 0 ? a : b).OnCallCompleted(call);
            observer.OnCallCompleted(call);
        }

        foreach (var step in SpendTraffic.Steps(Monday, spikeHour.AddHours(-2)))
        {
            Record(traffic.CallAt(step));
        }

        // Two quiet hours checked every ten minutes by both instances, then the spike.
        foreach (var step in SpendTraffic.Steps(spikeHour.AddHours(-2), spikeHour.AddHours(1)))
        {
            Record(traffic.CallAt(step, step >= spikeHour ? 10.0 : 1.0));
            clock.Now = step + TimeSpan.FromMinutes(1);
            if (step.Minute % 10 == 0)
            {
                await a.FlushAsync();
                await b.FlushAsync();
            }
        }

        var byValue = raised.GroupBy(r => (r.Anomaly.Dimension, r.Anomaly.Key, r.Anomaly.Hour)).ToList();
        Assert.Equal(5, raised.Count);
        Assert.All(byValue, g => Assert.Single(g));
        Assert.All(raised, r => Assert.Equal(spikeHour, r.Anomaly.Hour));
        Assert.All(raised, r => Assert.True(r.At < spikeHour.AddMinutes(30), $"raised at {r.At:u}"));
        Assert.Equal(5L, await ScalarAsync<long>($"SELECT count(*) FROM {a.AnomalyTable}"));

        // The fleet's check and the in-memory check find the same values, hour and comparison.
        Assert.Equal(
            inMemory.Select(x => (x.Dimension, x.Key, x.Hour, x.Kind)).OrderBy(x => x.Dimension),
            raised.Select(r => (r.Anomaly.Dimension, r.Anomaly.Key, r.Anomaly.Hour, r.Anomaly.Kind)).OrderBy(x => x.Dimension));
        Assert.Equal(
            inMemory.Select(x => Math.Round(x.BaselineUsd, 4)),
            raised.OrderBy(r => r.Anomaly.Dimension).Select(r => Math.Round(r.Anomaly.BaselineUsd, 4)));

        // The rest of the hour is written and checked again by both: nothing new.
        await a.FlushAsync();
        await b.FlushAsync();
        Assert.Equal(0, a.Pending + b.Pending);
        Assert.Equal(5, raised.Count);
    }

    [Fact]
    public async Task Flat_noisy_traffic_checked_every_hour_raises_nothing_and_a_new_value_has_no_baseline()
    {
        var schema = NewSchema();
        var clock = new SimulatedClock(Monday);
        var raised = new List<SpendAnomaly>();
        await using var ledger = await NewLedgerAsync(schema, clock, raised.Add);
        var steady = new SpendTraffic(seed: 71) { DailyWave = 0.4 };
        var launch = new SpendTraffic(seed: 72, feature: "launch", team: "growth", model: "gpt-4.1", tenant: "initech", user: "u9");

        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(4)))
        {
            ledger.OnCallCompleted(steady.CallAt(step));
            if (step >= Monday.AddDays(3))
            {
                // A new feature at ten times the steady spend from its first hour.
                ledger.OnCallCompleted(launch.CallAt(step, 10.0));
            }

            if (step.Minute == 55 && step >= Monday.AddDays(1))
            {
                clock.Now = step;
                await ledger.FlushAsync();
            }
        }

        Assert.True(raised.Count == 0, string.Join("\n", raised));
    }

    [Fact]
    public async Task After_two_weeks_the_ledger_compares_an_hour_with_the_same_hour_of_earlier_weeks_as_in_memory()
    {
        var clock = new SimulatedClock(Monday);
        var raised = new List<SpendAnomaly>();
        await using var ledger = await NewLedgerAsync(NewSchema(), clock, raised.Add);
        var inMemory = new List<SpendAnomaly>();
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { OnSpendAnomaly = inMemory.Add });
        var traffic = new SpendTraffic(seed: 41) { DailyWave = 0.8 };
        var spikeHour = Monday.AddDays(16).AddHours(18); // the wave's trough

        foreach (var step in SpendTraffic.Steps(Monday, Monday.AddDays(17)))
        {
            var call = traffic.CallAt(step, step >= spikeHour && step < spikeHour.AddHours(1) ? 10.0 : 1.0);
            ledger.OnCallCompleted(call);
            observer.OnCallCompleted(call);
        }

        clock.Now = Monday.AddDays(17);
        await ledger.FlushAsync();

        // Every hour of the last two days checked after the fact: only the spike hour is unusual.
        for (var hour = Monday.AddDays(15); hour < Monday.AddDays(17); hour = hour.AddHours(1))
        {
            await ledger.CheckAnomaliesAsync(hour.AddMinutes(59));
        }

        Assert.Equal(
            inMemory.Select(x => (x.Dimension, x.Key, x.Hour, x.Kind)).OrderBy(x => x.Dimension),
            raised.Select(x => (x.Dimension, x.Key, x.Hour, x.Kind)).OrderBy(x => x.Dimension));
        Assert.Equal(5, raised.Count);
        Assert.All(raised, x => Assert.Equal(SpendAnomalyKind.HourVsSeasonal, x.Kind));
        Assert.All(raised, x => Assert.Equal(spikeHour, x.Hour));

        // The same baseline (EWMA of the same hour in the two earlier weeks); the spend differs, since the in-memory
        // observer raised as soon as the hour so far crossed and the ledger was checked at the hour's end.
        Assert.Equal(
            inMemory.Select(x => Math.Round(x.BaselineUsd, 4)).OrderBy(x => x),
            raised.Select(x => Math.Round(x.BaselineUsd, 4)).OrderBy(x => x));
    }

    [Fact]
    public async Task The_forecast_from_the_ledger_equals_the_in_memory_forecast_and_alerts_once()
    {
        var limit = BudgetLimit.Global(BudgetWindow.Month, 500m);
        var perTeam = new BudgetLimit(BudgetScope.Team, null, BudgetWindow.Month, 200m);
        var clock = new SimulatedClock(Monday);
        var alerts = new List<BudgetForecastAlert>();
        await using var ledger = await NewLedgerAsync(NewSchema(), clock, _ => { }, new BudgetForecastOptions { Limits = { limit, perTeam }, OnAlert = alerts.Add });
        var observer = new SpendSignalsObserver(new SpendSignalsOptions { TimeProvider = clock, Forecast = new BudgetForecastOptions { Limits = { limit, perTeam } } });
        for (var day = 0; day < 12; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var call = new LlmCallRecord
                {
                    StartedAt = Monday.AddDays(day).AddHours(hour),
                    CostUsd = (10m + (2m * day)) / 24m,
                    Attribution = new AttributionTags { Feature = "ops", Team = hour % 2 == 0 ? "core" : "support" },
                };
                ledger.OnCallCompleted(call);
                observer.OnCallCompleted(call);
            }
        }

        clock.Now = Monday.AddDays(12);
        await ledger.FlushAsync();
        var fromLedger = await ledger.ForecastAsync(clock.Now);
        var inMemory = observer.Forecaster!.ForecastAll(clock.Now);
        Assert.Equal(3, fromLedger.Count);
        Assert.Equal(
            inMemory.Select(f => (f.Limit, f.Key, f.ProjectedUsd, f.CrossingDate)),
            fromLedger.Select(f => (f.Limit, f.Key, f.ProjectedUsd, f.CrossingDate)));
        Assert.Equal(new DateTime(2026, 6, 19), fromLedger[0].CrossingDate);

        var first = await ledger.EvaluateForecastsAsync(clock.Now);
        var second = await ledger.EvaluateForecastsAsync(clock.Now.AddHours(1));
        Assert.Equal(3, first.Count);
        Assert.All(first, x => Assert.Equal(BudgetForecastAlertKind.OverLimit, x.Kind));
        Assert.Empty(second);
        Assert.Equal(3, alerts.Count);
    }

    private static string NewSchema() => "spend_" + Guid.NewGuid().ToString("N")[..10];

    private async Task<PostgresSpendLedger> NewLedgerAsync(string schema, TimeProvider clock, Action<SpendAnomaly> onAnomaly, BudgetForecastOptions? forecast = null)
    {
        var ledger = new PostgresSpendLedger(server.ConnectionString, new PostgresSpendLedgerOptions
        {
            Schema = schema,
            TimeProvider = clock,
            OnSpendAnomaly = onAnomaly,
            Forecast = forecast,
        });
        await ledger.EnsureSchemaAsync();
        await ledger.EnsureSchemaAsync();
        return ledger;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
