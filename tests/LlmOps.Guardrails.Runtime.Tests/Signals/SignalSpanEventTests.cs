using System.Diagnostics;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Consistency;
using LlmOps.Guardrails.Runtime.Signals.Latency;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Signals;

/// <summary>The call that crosses a line gets a span event: observers run while the call's span is current.</summary>
public sealed class SignalSpanEventTests
{
    [Fact]
    public void A_breach_and_a_drop_are_events_on_the_current_span()
    {
        var sourceName = "signals-test-" + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var clock = new AutoAdvancingTimeProvider();
        var latencyOptions = new LatencyObjectiveOptions { TimeProvider = clock };
        latencyOptions.Objectives["f"] = new LatencyObjective { Threshold = TimeSpan.FromSeconds(1), MinimumSamples = 1 };
        var latency = new LatencyObjectiveObserver(latencyOptions);
        var consistency = new ResponseConsistencyObserver(new ResponseConsistencyOptions { TimeProvider = clock, MinimumRepeats = 2 });

        LlmCallRecord Call(string answer) => new()
        {
            Attribution = new AttributionTags { Feature = "f" },
            Duration = TimeSpan.FromSeconds(3),
            Temperature = 0,
            Messages = new[] { new ChatMessage(ChatRole.User, "q") },
            ResponseText = answer,
            RequestModel = "m",
        };

        using (var first = source.StartActivity("chat m"))
        {
            latency.OnCallCompleted(Call("a"));
            consistency.OnCallCompleted(Call("a"));
            Assert.Equal(new[] { "llmops.latency.objective_breached" }, first!.Events.Select(e => e.Name));
        }

        using var second = source.StartActivity("chat m");
        latency.OnCallCompleted(Call("b"));
        consistency.OnCallCompleted(Call("b"));
        var dropped = Assert.Single(second!.Events);
        Assert.Equal("llmops.response.consistency_dropped", dropped.Name);
        Assert.Equal(0.5, dropped.Tags.Single(t => t.Key == "llmops.response.consistency").Value);
    }
}
