using System.Diagnostics;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Cost;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Tests.Composition;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Providers;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmOps.Guardrails.Runtime.Tests.Signals;

/// <summary>
/// The finished-call record the runtime signals are built on, from the recommended pipeline over the real OpenAI client
/// and a loopback provider: one record per call, with what each layer knows, while the call's span is current.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CallObservingChatClientTests
{
    private const string Model = ProviderTestKit.OpenAIModel;

    [Fact]
    public async Task A_call_gives_one_record_with_attribution_usage_cost_and_hashes_while_its_span_is_current()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Billing", new FakeUsage(InputTokens: 1200, OutputTokens: 300));
        var observer = new Recorder();
        var feature = TelemetryChatClientTests.NewFeature();
        using var collector = new TelemetryCollector(feature);
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o => o.Observers.Add(observer));
        var options = new ChatOptions { ModelId = Model, MaxOutputTokens = 300, Temperature = 0 }.WithAttribution(feature, team: "support", promptId: "triage", promptVersion: "3");
        var messages = new[] { new ChatMessage(ChatRole.System, "Classify the ticket."), new ChatMessage(ChatRole.User, "My invoice is wrong") };

        var response = await chat.GetResponseAsync(messages, options);

        var record = Assert.Single(observer.Records);
        Assert.Equal(LlmCallOutcome.Succeeded, record.Outcome);
        Assert.Equal(feature, record.Attribution.Feature);
        Assert.Equal("support", record.Attribution.Team);
        Assert.Equal("triage", record.Attribution.PromptId);
        Assert.Equal("3", record.Attribution.PromptVersion);
        Assert.Equal(Model, record.RequestModel);
        Assert.Equal(response.ModelId, record.ResponseModel);
        Assert.Equal("openai-compatible", record.Provider);
        Assert.Equal(1200, record.InputTokens);
        Assert.Equal(300, record.OutputTokens);
        Assert.Equal(ChatCost.Of(response, ModelCatalog.Default, Model, record.StartedAt), record.CostUsd);
        Assert.True(record.CostUsd > 0m);
        Assert.Equal(0f, record.Temperature);
        Assert.False(record.Streaming);
        Assert.Null(record.TimeToFirstToken);
        Assert.Equal(CallContentHash.OfMessages(messages), record.InputHash);
        Assert.Equal(CallContentHash.OfText("Billing"), record.OutputHash);
        Assert.Empty(record.FallbackHops);
        Assert.Empty(record.Redactions);

        // The observer ran inside the call's own span (an Activity event it adds lands on the call).
        var span = Assert.Single(collector.Spans);
        Assert.Same(span, Assert.Single(observer.CurrentSpans));
    }

    [Fact]
    public async Task Redaction_counts_and_the_redacted_request_reach_the_record_never_the_values()
    {
        await using var server = FakeProviderServer.Start();
        var observer = new Recorder();
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(observer);
            o.Redaction = new PiiRedactionOptions();
        });

        await chat.GetResponseAsync("Refund ada@example.com and bob@example.org, call +44 20 7946 0958", new ChatOptions { ModelId = Model }.WithAttribution("refunds"));

        var record = Assert.Single(observer.Records);
        Assert.Equal(2, record.Redactions["email"]);
        Assert.Equal(1, record.Redactions["phone"]);
        var sent = Assert.Single(record.Messages).Text;
        Assert.DoesNotContain("ada@example.com", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", sent, StringComparison.Ordinal);
        Assert.Equal(CallContentHash.OfMessages(record.Messages), record.InputHash);
    }

    [Fact]
    public async Task A_budget_refusal_is_recorded_as_refused_and_never_reaches_the_provider()
    {
        await using var server = FakeProviderServer.Start();
        var observer = new Recorder();
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(observer);
            o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 0.000001m) } };
        });

        await Assert.ThrowsAsync<BudgetExceededException>(() => chat.GetResponseAsync("hello", new ChatOptions { ModelId = Model, MaxOutputTokens = 1000 }.WithAttribution("tiny")));

        var record = Assert.Single(observer.Records);
        Assert.Equal(LlmCallOutcome.Refused, record.Outcome);
        Assert.Equal(typeof(BudgetExceededException).FullName, record.ErrorType);
        Assert.Null(record.CostUsd);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task Fallback_hops_are_the_targets_tried_in_order()
    {
        await using var primary = FakeProviderServer.Start();
        await using var spare = FakeProviderServer.Start();
        primary.DefaultResponse = FakeResponse.Error(500);
        var observer = new Recorder();
        using var chat = ProviderTestKit.OpenAI(primary).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(observer);
            o.Retry = new RetryOptions { MaxAttempts = 1 };
            o.FallbackTargets.Add(new FallbackTarget("spare", ProviderTestKit.OpenAI(spare)));
        });

        await chat.GetResponseAsync("hello", new ChatOptions { ModelId = Model }.WithAttribution("hops"));

        var record = Assert.Single(observer.Records);
        Assert.Equal(new[] { "primary", "spare" }, record.FallbackHops);
        Assert.Equal(LlmCallOutcome.Succeeded, record.Outcome);
    }

    [Fact]
    public async Task A_response_cache_hit_is_recorded_at_zero_cost()
    {
        await using var server = FakeProviderServer.Start();
        var observer = new Recorder();
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(observer);
            o.Cache = new ResponseCacheOptions();
        });
        var options = new ChatOptions { ModelId = Model }.WithAttribution("cached");

        await chat.GetResponseAsync("same question", options);
        await chat.GetResponseAsync("same question", options);

        Assert.Equal(1, server.RequestCount);
        Assert.Collection(
            observer.Records,
            first => Assert.True(!first.CacheHit && first.CostUsd > 0m),
            second => Assert.True(second.CacheHit && second.CostUsd == 0m));
    }

    [Fact]
    public async Task A_stream_records_time_to_first_token_and_an_abandoned_stream_says_so()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("alpha beta gamma delta", new FakeUsage(InputTokens: 40, OutputTokens: 4));
        var observer = new Recorder();
        var feature = TelemetryChatClientTests.NewFeature();
        using var collector = new TelemetryCollector(feature);
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o => o.Observers.Add(observer));
        var options = new ChatOptions { ModelId = Model }.WithAttribution(feature);

        var (updates, error) = await ProviderTestKit.Drain(chat.GetStreamingResponseAsync(ProviderTestKit.Hello(), options));
        await foreach (var update in chat.GetStreamingResponseAsync(ProviderTestKit.Hello(), options))
        {
            break;
        }

        Assert.Null(error);
        Assert.NotEmpty(updates);
        Assert.Equal(2, observer.Records.Count);
        var completed = observer.Records[0];
        Assert.True(completed.Streaming);
        Assert.Equal(LlmCallOutcome.Succeeded, completed.Outcome);
        Assert.NotNull(completed.TimeToFirstToken);
        Assert.True(completed.TimeToFirstToken <= completed.Duration);
        Assert.Equal("alpha beta gamma delta", completed.ResponseText);
        Assert.Equal(40, completed.InputTokens);
        Assert.Equal(LlmCallOutcome.Abandoned, observer.Records[1].Outcome);

        // Each stream's observers ran with that stream's span current.
        Assert.Equal(2, collector.Spans.Count);
        Assert.Equal(collector.Spans.ToHashSet(), observer.CurrentSpans.ToHashSet());
    }

    [Fact]
    public async Task An_observer_fault_never_fails_the_call_unless_it_asks_to()
    {
        await using var server = FakeProviderServer.Start();
        var after = new Recorder();
        using var tolerant = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(new Throwing(new InvalidOperationException("observer bug")));
            o.Observers.Add(after);
        });
        using var failClosed = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o => o.Observers.Add(new Throwing(new CallRecordNotKeptException("audit disk full"))));
        var options = new ChatOptions { ModelId = Model }.WithAttribution("faults");

        await tolerant.GetResponseAsync("hello", options);
        var error = await Assert.ThrowsAsync<CallRecordNotKeptException>(() => failClosed.GetResponseAsync("hello", options));

        Assert.Single(after.Records); // the next observer still ran
        Assert.Equal("audit disk full", error.Message);
    }

    [Fact]
    public void Without_observers_there_is_no_observing_layer()
    {
        using var plain = new RecordingChatClient().UseLlmOpsGuardrails();
        using var observed = new RecordingChatClient().UseLlmOpsGuardrails(o => o.Observers.Add(new Recorder()));

        Assert.Null(plain.GetService(typeof(CallObservingChatClient)));
        Assert.NotNull(observed.GetService(typeof(CallObservingChatClient)));
    }

    [Fact]
    public async Task Observers_registered_in_the_container_join_the_pipeline_built_by_AddChatClient()
    {
        await using var server = FakeProviderServer.Start();
        var observer = new Recorder();
        var services = new ServiceCollection();
        services.AddSingleton<ILlmCallObserver>(observer);
        services.AddChatClient(ProviderTestKit.OpenAI(server)).UseLlmOpsGuardrails();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hello", new ChatOptions { ModelId = Model }.WithAttribution("from-container"));

        Assert.Equal("from-container", Assert.Single(observer.Records).Attribution.Feature);
    }

    private sealed class Recorder : ILlmCallObserver
    {
        private readonly List<LlmCallRecord> records = new();
        private readonly List<Activity> spans = new();

        public IReadOnlyList<LlmCallRecord> Records
        {
            get
            {
                lock (records)
                {
                    return records.ToArray();
                }
            }
        }

        public IReadOnlyList<Activity> CurrentSpans
        {
            get
            {
                lock (records)
                {
                    return spans.ToArray();
                }
            }
        }

        public void OnCallCompleted(LlmCallRecord call)
        {
            lock (records)
            {
                records.Add(call);
                if (Activity.Current is { } current)
                {
                    spans.Add(current);
                }
            }
        }
    }

    private sealed class Throwing : ILlmCallObserver
    {
        private readonly Exception error;

        public Throwing(Exception error) => this.error = error;

        public void OnCallCompleted(LlmCallRecord call) => throw error;
    }
}
