using System.Diagnostics;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Tests.Composition;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Providers;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Telemetry;

/// <summary>
/// The budget settles a stream inside the call's span however the stream ends: read to the end, failed, or abandoned
/// by the caller (a <c>break</c> out of <c>await foreach</c>, or an enumerator disposed by hand). The whole pipeline runs
/// against the real OpenAI client and a loopback provider; the caller has a span of its own that must stay untouched.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class StreamSettlementSpanTests
{
    private static readonly string[] BudgetTags = { BudgetChatClient.ReservedTag, BudgetChatClient.SettledTag, BudgetChatClient.SettlementTag };

    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private readonly BudgetLimit limit = BudgetLimit.Global(BudgetWindow.Day, 100m);

    [Fact]
    public async Task A_stream_abandoned_after_its_first_update_is_settled_on_the_calls_span()
    {
        await using var run = Pipeline.Start(this, FakeResponse.Ok("alpha beta gamma delta"));
        using var caller = new Activity("caller").Start();

        var seen = 0;
        await foreach (var update in run.Client.GetStreamingResponseAsync(ProviderTestKit.Hello(), run.Options))
        {
            seen++;
            break;
        }

        Assert.Equal(1, seen);
        Assert.Same(caller, Activity.Current);
        await AssertSettledOnCallSpan(run, caller, "partial_estimate");
    }

    [Fact]
    public async Task A_stream_whose_enumerator_is_disposed_early_is_settled_on_the_calls_span()
    {
        await using var run = Pipeline.Start(this, FakeResponse.Ok("alpha beta gamma delta"));
        using var caller = new Activity("caller").Start();

        var updates = run.Client.GetStreamingResponseAsync(ProviderTestKit.Hello(), run.Options).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        Assert.Same(caller, Activity.Current);
        await updates.DisposeAsync();

        Assert.Same(caller, Activity.Current);
        await AssertSettledOnCallSpan(run, caller, "partial_estimate");
    }

    [Fact]
    public async Task A_completed_stream_is_settled_from_its_usage_on_the_calls_span()
    {
        await using var run = Pipeline.Start(this, FakeResponse.Ok("alpha beta gamma delta", new FakeUsage(InputTokens: 40, OutputTokens: 4)));
        using var caller = new Activity("caller").Start();

        var (updates, error) = await ProviderTestKit.Drain(run.Client.GetStreamingResponseAsync(ProviderTestKit.Hello(), run.Options));

        Assert.Null(error);
        Assert.Equal("alpha beta gamma delta", string.Concat(updates.Select(u => u.Text)));
        Assert.Same(caller, Activity.Current);
        var span = await AssertSettledOnCallSpan(run, caller, "usage");
        Assert.Equal(40L, span.GetTagItem("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public async Task A_stream_that_fails_after_its_first_update_is_released_on_the_calls_span()
    {
        await using var run = Pipeline.Start(this, FakeResponse.MidStreamReset(chunksBeforeFailure: 1));
        using var caller = new Activity("caller").Start();

        var (updates, error) = await ProviderTestKit.Drain(run.Client.GetStreamingResponseAsync(ProviderTestKit.Hello(), run.Options));

        Assert.NotNull(error);
        Assert.NotEmpty(updates);
        Assert.Same(caller, Activity.Current);
        var span = Assert.Single(run.Collector.Spans);
        Assert.Same(caller, span.Parent);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error.GetType().FullName, span.GetTagItem("error.type"));
        Assert.Equal("released", span.GetTagItem(BudgetChatClient.SettlementTag));
        Assert.Null(span.GetTagItem(BudgetChatClient.SettledTag));
        AssertNoBudgetTags(caller);
        Assert.Equal(default, await run.Store.GetUsageAsync(BudgetBucket.For(limit, null, clock.Now)));
    }

    private async Task<Activity> AssertSettledOnCallSpan(Pipeline run, Activity caller, string settlement)
    {
        var span = Assert.Single(run.Collector.Spans);
        Assert.Same(caller, span.Parent);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(settlement, span.GetTagItem(BudgetChatClient.SettlementTag));

        // The amount on the span is the amount the store was settled at, and nothing stays reserved.
        var usage = await run.Store.GetUsageAsync(BudgetBucket.For(limit, null, clock.Now));
        Assert.Equal(0m, usage.ReservedUsd);
        Assert.True(usage.SpentUsd > 0m);
        Assert.Equal((double)usage.SpentUsd, Assert.IsType<double>(span.GetTagItem(BudgetChatClient.SettledTag)), 12);
        Assert.True(Assert.IsType<double>(span.GetTagItem(BudgetChatClient.ReservedTag)) >= (double)usage.SpentUsd);

        AssertNoBudgetTags(caller);
        return span;
    }

    private static void AssertNoBudgetTags(Activity caller)
    {
        foreach (var tag in BudgetTags)
        {
            Assert.Null(caller.GetTagItem(tag));
        }
    }

    /// <summary>The recommended pipeline with a budget over the real OpenAI client, pointed at a loopback provider.</summary>
    private sealed class Pipeline : IAsyncDisposable
    {
        private readonly FakeProviderServer server;

        private Pipeline(FakeProviderServer server, IChatClient client, InMemoryBudgetStore store, TelemetryCollector collector, ChatOptions options)
        {
            this.server = server;
            Client = client;
            Store = store;
            Collector = collector;
            Options = options;
        }

        public IChatClient Client { get; }

        public InMemoryBudgetStore Store { get; }

        public TelemetryCollector Collector { get; }

        public ChatOptions Options { get; }

        public static Pipeline Start(StreamSettlementSpanTests test, FakeResponse answer)
        {
            var server = FakeProviderServer.Start();
            server.DefaultResponse = answer;
            var store = new InMemoryBudgetStore(test.clock);
            var client = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
                o.Budget = new BudgetOptions { Store = store, Limits = { test.limit }, TimeProvider = test.clock });
            var feature = TelemetryChatClientTests.NewFeature();
            var options = new ChatOptions { ModelId = ProviderTestKit.OpenAIModel, MaxOutputTokens = 64 }.WithAttribution(feature);
            return new Pipeline(server, client, store, new TelemetryCollector(feature), options);
        }

        public async ValueTask DisposeAsync()
        {
            Collector.Dispose();
            Client.Dispose();
            await server.DisposeAsync();
        }
    }
}
