using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Core.Consistency;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Consistency;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Consistency;

public sealed class ResponseConsistencyObserverTests
{
    private readonly AutoAdvancingTimeProvider _clock = new();
    private readonly List<ResponseConsistencyAlert> _alerts = new();
    private readonly RecordingLogger _logger = new();

    private ResponseConsistencyObserver Observer(Action<ResponseConsistencyOptions>? configure = null)
    {
        var options = new ResponseConsistencyOptions { TimeProvider = _clock, OnAlert = _alerts.Add, Logger = _logger, Window = TimeSpan.FromMinutes(30) };
        configure?.Invoke(options);
        return new ResponseConsistencyObserver(options);
    }

    private static LlmCallRecord Call(string promptId, string question, string answer, float? temperature = 0, bool cacheHit = false, string model = "gpt-4o-mini", string promptVersion = "3") => new()
    {
        Attribution = new AttributionTags { Feature = "triage", PromptId = promptId, PromptVersion = promptVersion },
        RequestModel = model,
        Temperature = temperature,
        Messages = new[] { new ChatMessage(ChatRole.User, question) },
        ResponseText = answer,
        CacheHit = cacheHit,
        Outcome = LlmCallOutcome.Succeeded,
    };

    [Fact]
    public void A_drop_from_100_to_60_percent_alerts_once_and_the_recovery_clears_once()
    {
        var prompt = "classify-" + Guid.NewGuid().ToString("N");
        var observer = Observer();

        // Ten repeats of two inputs, always the same answer: 100 %.
        for (var i = 0; i < 10; i++)
        {
            observer.OnCallCompleted(Call(prompt, "ticket A", "billing"));
            observer.OnCallCompleted(Call(prompt, "ticket B", "login"));
        }

        Assert.Equal(new ConsistencyCount(20, 20), observer.Current(prompt, "gpt-4o-mini"));
        Assert.Empty(_alerts);

        // The provider changes something: after the window has turned over, input A answers "billing" 6 times in 10.
        _clock.Advance(TimeSpan.FromMinutes(31));
        for (var i = 0; i < 10; i++) observer.OnCallCompleted(Call(prompt, "ticket A", i < 6 ? "billing" : "refund"));
        Assert.Equal(new ConsistencyCount(6, 10), observer.Current(prompt, "gpt-4o-mini"));
        var drop = Assert.Single(_alerts);
        Assert.True(drop.Dropped);
        Assert.Equal(prompt, drop.PromptId);
        Assert.Equal("gpt-4o-mini", drop.Model);
        Assert.True(drop.Ratio < ConsistencyRatio.DefaultThreshold);

        var dropped = Assert.Single(_logger.Entries, e => e.Id.Id == 5111);
        Assert.Equal("ResponseConsistencyDropped", dropped.Id.Name);
        Assert.Equal(prompt, dropped.Values["PromptId"]);

        // Back to one answer per input: once the mixed calls leave the window, one recovery.
        _clock.Advance(TimeSpan.FromMinutes(31));
        for (var i = 0; i < 20; i++) observer.OnCallCompleted(Call(prompt, "ticket A", "billing"));
        Assert.Equal(2, _alerts.Count);
        Assert.False(_alerts[1].Dropped);
        Assert.Equal(1.0, _alerts[1].Ratio);
        Assert.Single(_logger.Entries, e => e.Id.Id == 5112);
    }

    [Fact]
    public void The_gauge_reports_the_ratio_per_prompt_and_model()
    {
        var prompt = "gauge-" + Guid.NewGuid().ToString("N");
        var observer = Observer();
        observer.OnCallCompleted(Call(prompt, "q", "a"));
        observer.OnCallCompleted(Call(prompt, "q", "a"));
        observer.OnCallCompleted(Call(prompt, "q", "b"));
        observer.OnCallCompleted(Call(prompt, "q", "a", model: "gpt-4.1"));
        observer.OnCallCompleted(Call(prompt, "q", "a", model: "gpt-4.1"));

        var points = new List<(double Value, string? Model)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmOpsTelemetry.MeterName && instrument.Name == ConsistencySignalTelemetry.ConsistencyInstrument) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? promptTag = null, model = null;
            foreach (var tag in tags)
            {
                if (tag.Key == GenAiAttributes.PromptId) promptTag = (string?)tag.Value;
                if (tag.Key == GenAiAttributes.RequestModel) model = (string?)tag.Value;
            }

            if (promptTag == prompt) points.Add((value, model));
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(2, points.Count);
        Assert.Equal(2.0 / 3, points.Single(p => p.Model == "gpt-4o-mini").Value, 12);
        Assert.Equal(1.0, points.Single(p => p.Model == "gpt-4.1").Value);
        GC.KeepAlive(observer);
    }

    [Fact]
    public void Only_monitoring_calls_that_reached_the_provider_count()
    {
        var observer = Observer(o => o.PromptIds.Add("opted-in"));
        observer.OnCallCompleted(Call("warm", "q", "a", temperature: 0.7f));
        observer.OnCallCompleted(Call("warm", "q", "b", temperature: 0.7f));
        observer.OnCallCompleted(Call("cold", "q", "a", cacheHit: true));
        observer.OnCallCompleted(Call("cold", "q", "a", cacheHit: true));
        observer.OnCallCompleted(Call("opted-in", "q", "a", temperature: 1));
        observer.OnCallCompleted(Call("opted-in", "q", "b", temperature: 1));

        Assert.Equal(default, observer.Current("warm", "gpt-4o-mini"));
        Assert.Equal(default, observer.Current("cold", "gpt-4o-mini"));
        Assert.Equal(new ConsistencyCount(1, 2), observer.Current("opted-in", "gpt-4o-mini"));
    }

    [Fact]
    public void Prompt_versions_are_separate_inputs_and_a_call_made_once_is_no_repeat()
    {
        var observer = Observer();
        observer.OnCallCompleted(Call("p", "q", "a"));
        observer.OnCallCompleted(Call("p", "q", "b", promptVersion: "4"));
        observer.OnCallCompleted(Call("p", "other question", "a"));
        Assert.Equal(default, observer.Current("p", "gpt-4o-mini"));

        observer.OnCallCompleted(Call("p", "q", "b", promptVersion: "4"));
        Assert.Equal(new ConsistencyCount(2, 2), observer.Current("p", "gpt-4o-mini"));
    }

    [Fact]
    public void The_window_holds_a_fixed_number_of_calls()
    {
        var observer = Observer(o => o.MaxCallsPerPromptAndModel = 10);
        for (var i = 0; i < 10; i++) observer.OnCallCompleted(Call("p", "q", "old"));
        for (var i = 0; i < 10; i++) observer.OnCallCompleted(Call("p", "q", "new"));
        Assert.Equal(new ConsistencyCount(10, 10), observer.Current("p", "gpt-4o-mini"));

        // Replacing the old answer call by call passes through a mix (a drop) to one answer again (the recovery).
        Assert.Equal(new[] { true, false }, _alerts.Select(a => a.Dropped));
    }
}
