using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Providers;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>Microsoft.Extensions.AI's UseDistributedCache next to the guardrails, over the real OpenAI SDK and the loopback fake provider.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MeaiCacheCompositionTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    [Fact]
    public async Task A_hit_from_the_cache_outside_the_guardrails_costs_nothing_in_metrics_and_budgets()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Billing", new FakeUsage(InputTokens: 1200, OutputTokens: 300));
        var limit = BudgetLimit.Global(BudgetWindow.Day, 10m);
        var store = new InMemoryBudgetStore(new FixedClock());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock());
        services.AddSingleton<IBudgetStore>(store);
        services.AddChatClient(LlmOpsProviders.OpenAI("sk-test", Model, server.OpenAIEndpoint))
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .UseLlmOpsGuardrails(o => o.Budget = new BudgetOptions { Limits = { limit } });
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        using var telemetry = new TelemetryCollector("meai-cache-outside");

        var options = new ChatOptions { ModelId = Model, MaxOutputTokens = 300 }.WithAttribution("meai-cache-outside");
        var first = await chat.GetResponseAsync("Classify: my invoice is wrong", options);
        var second = await chat.GetResponseAsync("Classify: my invoice is wrong", options);

        Assert.Equal("Billing", first.Text);
        Assert.Equal("Billing", second.Text);
        Assert.Equal(1, server.RequestCount); // the second answer is the cache's
        var cost = Assert.Single(telemetry.Of(LlmOpsTelemetry.CostInstrument)); // billed once, for the provider's answer
        Assert.True(cost.Value > 0);
        var usage = await BudgetBuckets.GlobalDay(store, limit); // the container's store and clock were used
        Assert.Equal(cost.Value, (double)usage.SpentUsd, 12);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public void The_cache_inside_the_guardrails_is_refused_when_the_pipeline_is_built()
    {
        var services = new ServiceCollection();
        services.AddChatClient(new RecordingChatClient())
            .UseLlmOpsGuardrails()
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        Assert.Contains("Call UseDistributedCache() before UseLlmOpsGuardrails()", error.Message, StringComparison.Ordinal);
        Assert.Contains("billed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_inside_a_single_budget_step_is_refused_too()
    {
        var builder = new ChatClientBuilder(new RecordingChatClient())
            .UseLlmOpsBudget(new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 1m) } })
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("before UseLlmOpsBudget()", error.Message, StringComparison.Ordinal);
    }
}
