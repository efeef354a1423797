using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Providers;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>Microsoft.Extensions.AI's UseOpenTelemetry next to the guardrails: one GenAI span per call, carrying our cost.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MeaiTelemetryCompositionTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    [Fact]
    public async Task With_Meai_telemetry_outside_each_call_has_one_span_carrying_cost_attribution_and_budget()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Billing", new FakeUsage(InputTokens: 1000, OutputTokens: 200));
        var services = new ServiceCollection();
        services.AddChatClient(LlmOpsProviders.OpenAI("sk-test", Model, server.OpenAIEndpoint))
            .UseOpenTelemetry()
            .UseLlmOpsGuardrails(o => o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 10m) } });
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        using var spans = new SpanRecorder();
        using var metrics = new TelemetryCollector("meai-one-span");

        await chat.GetResponseAsync("Classify: my invoice is wrong", new ChatOptions { ModelId = Model, MaxOutputTokens = 200 }.WithAttribution("meai-one-span", team: "support"));
        await chat.GetStreamingResponseAsync("Classify: my invoice is wrong", new ChatOptions { ModelId = Model, MaxOutputTokens = 200 }.WithAttribution("meai-one-span", team: "support")).ToListAsync();

        Assert.Equal(2, spans.ChatSpans.Count); // one per call, not two
        var costs = metrics.Of(LlmOpsTelemetry.CostInstrument);
        Assert.Equal(2, costs.Count);
        foreach (var span in spans.ChatSpans)
        {
            Assert.Equal(SpanRecorder.MeaiSourceName, span.Source.Name);
            Assert.Equal("meai-one-span", span.GetTagItem(GenAiAttributes.Feature));
            Assert.Equal("support", span.GetTagItem(GenAiAttributes.Team));
            Assert.Equal("USD", span.GetTagItem(GenAiAttributes.UsageCostCurrency));
            Assert.Equal("usage", span.GetTagItem("llmops.budget.settlement"));
            var amount = Assert.IsType<double>(span.GetTagItem(GenAiAttributes.UsageCostAmount));
            Assert.True(amount > 0);
            Assert.Contains(costs, c => Math.Abs(c.Value - amount) < 1e-12);
        }
    }

    [Fact]
    public async Task Without_Meai_telemetry_the_guardrails_start_their_own_span()
    {
        var services = new ServiceCollection();
        services.AddChatClient(new RecordingChatClient(respond: (_, _) => RecordingChatClient.Answer("ok", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 })))
            .UseLlmOpsGuardrails();
        await using var provider = services.BuildServiceProvider();
        using var spans = new SpanRecorder();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions().WithAttribution("own-span"));

        var span = Assert.Single(spans.ChatSpans);
        Assert.Equal(LlmOpsTelemetry.SourceName, span.Source.Name);
        Assert.NotNull(span.GetTagItem(GenAiAttributes.UsageCostAmount));
    }

    [Fact]
    public void Meai_telemetry_inside_the_guardrails_is_refused_when_the_pipeline_is_built()
    {
        var builder = new ChatClientBuilder(new RecordingChatClient()).UseLlmOpsGuardrails().UseOpenTelemetry();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("two GenAI spans", error.Message, StringComparison.Ordinal);
        Assert.Contains("Call UseOpenTelemetry() before UseLlmOpsGuardrails()", error.Message, StringComparison.Ordinal);
    }
}
