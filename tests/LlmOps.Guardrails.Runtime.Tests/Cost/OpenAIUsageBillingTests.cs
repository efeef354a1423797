using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Cost;
using LlmOps.Guardrails.Runtime.Tests.Composition;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Providers;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Cost;

/// <summary>
/// OpenAI usage as Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient</c> reports it, from the real SDK over the loopback
/// fake, all the way to the cost engine and the budget: cached and reasoning tokens as first-class counts, audio tokens
/// inside the input and output totals (priced at the model's text rates, as the catalog has no audio rate), and the
/// final usage chunk of a stream, which only comes when the request asks for <c>stream_options.include_usage</c>.
/// </summary>
public class OpenAIUsageBillingTests
{
    // prompt_tokens 1200 (cached 1024, audio 100), completion_tokens 700 (reasoning 512, audio 50).
    private static readonly FakeUsage Reported = new(
        InputTokens: 1200, OutputTokens: 700, CachedInputTokens: 1024, ReasoningTokens: 512, AudioInputTokens: 100, AudioOutputTokens: 50);

    private static readonly TokenUsage Expected = new() { InputTokens = 1200, CachedInputTokens = 1024, OutputTokens = 700, ReasoningTokens = 512 };

    [Fact]
    public async Task A_response_carries_cached_reasoning_and_audio_counts_and_is_billed_once_per_token()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("ok", Reported));
        using IChatClient client = ProviderTestKit.OpenAI(server);

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        AssertReported(response.Usage);
        Assert.Equal(Expected, UsageMapping.ToTokenUsage(response));
        Assert.Equal(ExpectedCost(), ChatCost.Of(response, ModelCatalog.Default));
    }

    [Fact]
    public async Task A_stream_asks_for_usage_on_the_wire_and_its_final_chunk_is_billed()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("alpha beta", Reported));
        using IChatClient client = ProviderTestKit.OpenAI(server);

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(
            client.GetStreamingResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Null(error);
        Assert.True(Assert.Single(server.Requests).IncludeUsage, "the request must ask for stream_options.include_usage");
        ChatResponse combined = updates.ToChatResponse();
        AssertReported(combined.Usage);
        Assert.Equal(Expected, UsageMapping.ToTokenUsage(combined));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_pipeline_settles_the_budget_at_the_cost_of_the_reported_usage(bool streaming)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("alpha beta", Reported);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryBudgetStore(clock);
        var limit = BudgetLimit.Global(BudgetWindow.Day, 100m);
        using IChatClient client = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
            o.Budget = new BudgetOptions { Store = store, Limits = { limit }, TimeProvider = clock });
        var options = new ChatOptions { ModelId = ProviderTestKit.OpenAIModel, MaxOutputTokens = 800 }.WithAttribution("usage-billing");

        if (streaming)
        {
            (_, Exception? error) = await ProviderTestKit.Drain(client.GetStreamingResponseAsync(ProviderTestKit.Hello(), options));
            Assert.Null(error);
        }
        else
        {
            await client.GetResponseAsync(ProviderTestKit.Hello(), options);
        }

        BudgetUsage spent = await store.GetUsageAsync(BudgetBucket.For(limit, null, clock.Now));
        Assert.Equal(0m, spent.ReservedUsd);
        Assert.Equal(ExpectedCost(), spent.SpentUsd);
    }

    /// <summary>The counts as the package reports them: the audio parts are in <see cref="UsageDetails.AdditionalCounts"/>.</summary>
    private static void AssertReported(UsageDetails? usage)
    {
        Assert.NotNull(usage);
        Assert.Equal(1200, usage!.InputTokenCount);
        Assert.Equal(1024, usage.CachedInputTokenCount);
        Assert.Equal(700, usage.OutputTokenCount);
        Assert.Equal(512, usage.ReasoningTokenCount);
        Assert.Equal(1900, usage.TotalTokenCount);
        Assert.NotNull(usage.AdditionalCounts);
        Assert.Equal(100, usage.AdditionalCounts!["InputTokenDetails.AudioTokenCount"]);
        Assert.Equal(50, usage.AdditionalCounts["OutputTokenDetails.AudioTokenCount"]);
    }

    private static decimal ExpectedCost()
    {
        var model = ModelCatalog.Default.Lookup(ProviderTestKit.OpenAIModel).Model;
        Assert.NotNull(model);
        decimal cost = CostEngine.Calculate(ModelCatalog.Default.SnapshotOf(model!)!, Expected).TotalCost;
        Assert.True(cost > 0m);
        return cost;
    }
}
