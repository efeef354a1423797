using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>Microsoft.Extensions.AI's UseFunctionInvocation with a real AIFunction, outside the guardrails: every model call of the loop is billed.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MeaiFunctionInvocationTests
{
    // New objects per answer: the function-invocation loop adds the calls' usage up into the first one it gets.
    private static UsageDetails AskForTool => new() { InputTokenCount = 900, OutputTokenCount = 40 };

    private static UsageDetails FinalAnswer => new() { InputTokenCount = 1000, OutputTokenCount = 120 };

    [Fact]
    public async Task Each_model_call_of_the_tool_loop_is_attributed_reserved_and_billed()
    {
        var provider = ToolCallingProvider();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 10m);
        var store = new InMemoryBudgetStore(new FixedClock());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock());
        services.AddChatClient(provider)
            .UseFunctionInvocation()
            .UseOpenTelemetry()
            .UseLlmOpsGuardrails(o => o.Budget = new BudgetOptions { Store = store, Limits = { limit } });
        await using var container = services.BuildServiceProvider();
        var weatherCalls = 0;
        var weather = AIFunctionFactory.Create((string city) => { weatherCalls++; return $"{city}: sunny, 21 C"; }, "get_weather");
        using var spans = new SpanRecorder();
        using var metrics = new TelemetryCollector("trip-planner");

        var answer = await container.GetRequiredService<IChatClient>().GetResponseAsync(
            "What is the weather in Paris?",
            new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", MaxOutputTokens = 200, Tools = [weather] }.WithAttribution("trip-planner", team: "travel"));

        Assert.Equal("It is sunny in Paris.", answer.Text);
        Assert.Equal(1, weatherCalls);
        Assert.Equal(2, provider.Calls);
        Assert.All(provider.Requests, r => Assert.DoesNotContain(r.Options?.AdditionalProperties?.Keys ?? [], k => k.StartsWith("llmops.", StringComparison.Ordinal)));

        var costs = metrics.Of(LlmOpsTelemetry.CostInstrument);
        Assert.Equal(2, costs.Count); // one per model call, each under the caller's attribution
        Assert.All(costs, c => Assert.Equal("travel", c.Tags[GenAiAttributes.Team]));
        Assert.NotEqual(costs[0].Value, costs[1].Value);
        var tokens = metrics.Of(LlmOpsTelemetry.TokenUsageInstrument).Select(m => m.Value).Order().ToArray();
        Assert.Equal(new double[] { 40, 120, 900, 1000 }, tokens);

        var usage = await BudgetBuckets.GlobalDay(store, limit);
        Assert.Equal(costs.Sum(c => c.Value), (double)usage.SpentUsd, 12);

        // Each model call's own span (Microsoft.Extensions.AI's, inside the loop) carries that call's cost.
        var chatSpans = spans.ChatSpans;
        Assert.Equal(2, chatSpans.Count);
        Assert.All(chatSpans, s => Assert.Equal("trip-planner", s.GetTagItem(GenAiAttributes.Feature)));
        Assert.Equal(
            costs.Select(c => c.Value).Order(),
            chatSpans.Select(s => (double)s.GetTagItem(GenAiAttributes.UsageCostAmount)!).Order());
    }

    [Fact]
    public async Task With_Meai_telemetry_outside_the_loop_the_first_call_enriches_its_span_and_later_calls_get_their_own()
    {
        var services = new ServiceCollection();
        services.AddChatClient(ToolCallingProvider()).UseOpenTelemetry().UseFunctionInvocation().UseLlmOpsGuardrails();
        await using var container = services.BuildServiceProvider();
        var weather = AIFunctionFactory.Create((string city) => $"{city}: sunny", "get_weather");
        using var spans = new SpanRecorder();
        using var metrics = new TelemetryCollector("trip-planner-outer-span");

        await container.GetRequiredService<IChatClient>().GetResponseAsync(
            "What is the weather in Paris?",
            new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", Tools = [weather] }.WithAttribution("trip-planner-outer-span"));

        var costs = metrics.Of(LlmOpsTelemetry.CostInstrument).Select(c => c.Value).ToArray();
        Assert.Equal(2, costs.Length);
        var meai = Assert.Single(spans.ChatSpans, s => s.Source.Name == SpanRecorder.MeaiSourceName);
        var ours = Assert.Single(spans.ChatSpans, s => s.Source.Name == LlmOpsTelemetry.SourceName);
        Assert.Equal(meai.SpanId, ours.ParentSpanId);
        Assert.Equal(costs[0], (double)meai.GetTagItem(GenAiAttributes.UsageCostAmount)!); // the first call's, not overwritten
        Assert.Equal(costs[1], (double)ours.GetTagItem(GenAiAttributes.UsageCostAmount)!);
    }

    [Fact]
    public void Function_invocation_inside_the_guardrails_is_refused_when_the_pipeline_is_built()
    {
        var builder = new ChatClientBuilder(ToolCallingProvider()).UseLlmOpsGuardrails().UseFunctionInvocation();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("Call UseFunctionInvocation() before UseLlmOpsGuardrails()", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Asks for get_weather(Paris) first, answers once the tool's result is in the conversation.</summary>
    private static RecordingChatClient ToolCallingProvider() => new((messages, _) =>
        messages.Any(m => m.Contents.OfType<FunctionResultContent>().Any())
            ? RecordingChatClient.Answer("It is sunny in Paris.", FinalAnswer)
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]))
            {
                FinishReason = ChatFinishReason.ToolCalls,
                Usage = AskForTool,
                ModelId = "gpt-4o-mini-2024-07-18",
                ResponseId = "resp-tool",
            });
}
