using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Latency;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Latency;

public sealed class LatencyObjectiveObserverTests
{
    private readonly AutoAdvancingTimeProvider _clock = new();
    private readonly List<LatencyObjectiveAlert> _alerts = new();

    private LatencyObjectiveObserver Observer(string feature, LatencyObjective? duration = null, LatencyObjective? ttft = null)
    {
        var options = new LatencyObjectiveOptions { TimeProvider = _clock, OnAlert = _alerts.Add };
        if (duration is not null) options.Objectives[feature] = duration;
        if (ttft is not null) options.TimeToFirstTokenObjectives[feature] = ttft;
        return new LatencyObjectiveObserver(options);
    }

    private static LlmCallRecord Call(string feature, double seconds, double? ttftSeconds = null, LlmCallOutcome outcome = LlmCallOutcome.Succeeded) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        TimeToFirstToken = ttftSeconds is double t ? TimeSpan.FromSeconds(t) : null,
        Streaming = ttftSeconds is not null,
        Attribution = new AttributionTags { Feature = feature },
        Outcome = outcome,
    };

    [Fact]
    public void A_p95_breach_alerts_once_and_clears_once()
    {
        var feature = "reply-" + Guid.NewGuid().ToString("N");
        var breaches = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmOpsTelemetry.MeterName && instrument.Name == LatencySignalTelemetry.BreachesInstrument) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == GenAiAttributes.Feature && (string?)tag.Value == feature) breaches.Add(value);
            }
        });
        listener.Start();

        var observer = Observer(feature, new LatencyObjective { Quantile = 0.95, Threshold = TimeSpan.FromSeconds(2), MinimumSamples = 20 });

        // Healthy minute: 100 calls around 1 s.
        for (var i = 0; i < 100; i++) observer.OnCallCompleted(Call(feature, 0.5 + i % 10 * 0.1));
        Assert.Empty(_alerts);

        // Then a slow spell: every fourth call takes 4 s, well over 5 % of the window.
        _clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++) observer.OnCallCompleted(Call(feature, i % 4 == 0 ? 4 : 1));
        var breach = Assert.Single(_alerts);
        Assert.True(breach.Breached);
        Assert.Equal(feature, breach.Feature);
        Assert.InRange(breach.Observed.TotalSeconds, 3.9, 4.1);
        Assert.Equal(new long[] { 1 }, breaches);

        // Fast again: once the slow minute leaves the 5-minute window, the objective is met and clears once.
        _clock.Advance(TimeSpan.FromMinutes(1));
        for (var minute = 0; minute < 6; minute++)
        {
            for (var i = 0; i < 50; i++) observer.OnCallCompleted(Call(feature, 0.8));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(2, _alerts.Count);
        Assert.False(_alerts[1].Breached);
        Assert.InRange(_alerts[1].Observed.TotalSeconds, 0.79, 0.81);
        Assert.Equal(new long[] { 1 }, breaches);
    }

    [Fact]
    public void Nothing_is_judged_before_the_minimum_sample_count()
    {
        var observer = Observer("f", new LatencyObjective { Threshold = TimeSpan.FromSeconds(1), MinimumSamples = 20 });
        for (var i = 0; i < 19; i++) observer.OnCallCompleted(Call("f", 10));
        Assert.Empty(_alerts);
        observer.OnCallCompleted(Call("f", 10));
        Assert.True(Assert.Single(_alerts).Breached);
    }

    [Fact]
    public void Failed_calls_and_other_features_are_not_counted()
    {
        var observer = Observer("f", new LatencyObjective { Threshold = TimeSpan.FromSeconds(1), MinimumSamples = 1 });
        observer.OnCallCompleted(Call("f", 30, outcome: LlmCallOutcome.Failed));
        observer.OnCallCompleted(Call("other", 30));
        Assert.Null(observer.Current("f"));
        Assert.Empty(_alerts);
    }

    [Fact]
    public void Time_to_first_token_of_streams_has_its_own_sketch_and_objective()
    {
        var observer = Observer(
            "chat",
            duration: new LatencyObjective { Threshold = TimeSpan.FromSeconds(10), MinimumSamples = 5 },
            ttft: new LatencyObjective { Quantile = 0.5, Threshold = TimeSpan.FromMilliseconds(500), MinimumSamples = 5 });

        for (var i = 0; i < 5; i++) observer.OnCallCompleted(Call("chat", 3));
        Assert.Null(observer.Current("chat", LatencyKind.TimeToFirstToken));

        for (var i = 0; i < 5; i++) observer.OnCallCompleted(Call("chat", 3, ttftSeconds: 0.9));
        var alert = Assert.Single(_alerts);
        Assert.Equal(LatencyKind.TimeToFirstToken, alert.Kind);
        Assert.True(alert.Breached);
        Assert.Equal(5, observer.Current("chat", LatencyKind.TimeToFirstToken)!.Value.Samples);
        Assert.Equal(10, observer.Current("chat")!.Value.Samples);
        Assert.InRange(observer.Current("chat", LatencyKind.TimeToFirstToken)!.Value.Quantile.TotalSeconds, 0.89, 0.91);
    }

    [Fact]
    public void A_callback_that_throws_does_not_fail_the_call()
    {
        var options = new LatencyObjectiveOptions { TimeProvider = _clock, OnAlert = _ => throw new InvalidOperationException("boom") };
        options.Objectives["f"] = new LatencyObjective { Threshold = TimeSpan.FromSeconds(1), MinimumSamples = 1 };
        new LatencyObjectiveObserver(options).OnCallCompleted(Call("f", 5));
    }

    [Fact]
    public void An_objective_without_a_threshold_is_refused_with_the_feature_named()
    {
        var options = new LatencyObjectiveOptions();
        options.Objectives["draft-reply"] = new LatencyObjective();
        var error = Assert.ThrowsAny<ArgumentException>(() => new LatencyObjectiveObserver(options));
        Assert.Contains("draft-reply", error.Message);
    }
}
