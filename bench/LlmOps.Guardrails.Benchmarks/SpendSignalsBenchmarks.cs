using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Spend;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// What the in-memory spend observer costs on a call's path: <c>OnCallCompleted</c> for a call whose five values
/// (feature, team, model, tenant, user) already have two days of hourly history, in an ordinary hour (no anomaly).
/// <see cref="FirstCallOfAnHour"/> is the call that recomputes the five baselines (once per value and hour).
/// <see cref="WithForecast"/> adds a global and a per-team monthly budget (daily totals kept; the forecast itself is
/// re-evaluated every 15 minutes of the clock, which this benchmark's constant clock never reaches after the first call).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SpendSignalsBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private SpendSignalsObserver _observer = null!;
    private LlmCallRecord _call = null!;
    private AttributionTags _tags = null!;
    private long _hour;

    [ParamsAllValues]
    public bool WithForecast { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock(Start.AddDays(2));
        _observer = new SpendSignalsObserver(new SpendSignalsOptions
        {
            TimeProvider = clock,
            Forecast = WithForecast
                ? new BudgetForecastOptions { Limits = { BudgetLimit.Global(BudgetWindow.Month, 1000m), new BudgetLimit(BudgetScope.Team, null, BudgetWindow.Month, 100m) } }
                : null,
        });
        var tags = new AttributionTags { Feature = "ticket-triage", Team = "support", Tenant = "acme", User = "user-42" };
        for (var at = Start; at < Start.AddDays(2); at = at.AddMinutes(5))
        {
            _observer.OnCallCompleted(Call(at, tags, 0.25m));
        }

        // Tiny calls in the running hour: the hour stays ordinary, however many iterations run.
        _call = Call(Start.AddDays(2).AddMinutes(30), tags, 0.000001m);
        _observer.OnCallCompleted(_call);
        _tags = tags;
    }

    [Benchmark(Baseline = true)]
    public void CallInAKnownHour() => _observer.OnCallCompleted(_call);

    /// <summary>Each call in the next hour; the figure includes making the call's record (about 150 B of it).</summary>
    [Benchmark]
    public void FirstCallOfAnHour() => _observer.OnCallCompleted(Call(Start.AddDays(2).AddHours(++_hour), _tags, 0.000001m));

    private static LlmCallRecord Call(DateTimeOffset at, AttributionTags tags, decimal cost) => new()
    {
        StartedAt = at,
        Attribution = tags,
        RequestModel = "gpt-4o-mini-2024-07-18",
        ResponseModel = "gpt-4o-mini-2024-07-18",
        CostUsd = cost,
        Outcome = LlmCallOutcome.Succeeded,
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
