using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.AI;
using static LlmOps.Guardrails.Runtime.Tests.Budgets.BudgetTestKit;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

public class BudgetChatClientTests
{
    private static BudgetBucket Day(BudgetLimit limit, string? key = null) => BudgetBucket.For(limit, key, Noon);

    [Fact]
    public async Task A_call_is_settled_at_the_cost_of_the_usage_the_provider_reported()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(120, 80), BudgetOptions(store, limit));

        await client.GetResponseAsync(Ask("hello"), Options("chat"));

        Assert.Equal(new BudgetUsage(CostOf(120, 80), 0m), await store.GetUsageAsync(Day(limit)));
    }

    [Fact]
    public async Task The_reservation_is_the_worst_case_while_the_call_is_in_flight()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        BudgetUsage during = default;
        var inner = new ScriptedChatClient(async (_, _, _) =>
        {
            during = await store.GetUsageAsync(Day(limit));
            return ScriptedChatClient.Response(10, 10);
        });
        var messages = Ask("what is the capital of France?");

        await new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(messages, Options("chat"));

        Assert.Equal(new BudgetUsage(0m, WorstCaseOf(messages)), during);
        var capped = new BudgetUsage(0m, WorstCaseOf(messages, maxOutput: 50));
        await new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(messages, new ChatOptions { ModelId = Model, MaxOutputTokens = 50 });
        Assert.Equal(capped with { SpentUsd = CostOf(10, 10) }, during);
    }

    [Fact]
    public async Task A_refused_call_never_reaches_the_provider_and_says_which_budget()
    {
        var store = new InMemoryBudgetStore();
        var limit = new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 0.02m);
        var inner = ScriptedChatClient.Reporting(10, 1000);
        var client = new BudgetChatClient(inner, BudgetOptions(store, BudgetLimit.Global(BudgetWindow.Month, 100m), limit));
        var messages = Ask("summarize this ticket");

        await client.GetResponseAsync(messages, Options("triage"));
        Assert.Equal(1, inner.Calls);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(messages, Options("triage")));
        Assert.Equal(1, inner.Calls);
        Assert.Same(limit, ex.Limit);
        Assert.Equal(BudgetScope.Feature, ex.Scope);
        Assert.Equal("triage", ex.Key);
        Assert.Equal(BudgetWindow.Day, ex.Window);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), ex.WindowStart);
        Assert.Equal(0.02m, ex.LimitUsd);
        Assert.Equal(CostOf(10, 1000), ex.SpentUsd);
        Assert.Equal(0m, ex.ReservedUsd);
        Assert.Equal(WorstCaseOf(messages), ex.RequestedUsd);
        Assert.Equal(Model, ex.ModelId);
        Assert.Contains("feature 'triage' day budget", ex.Message);
        Assert.Contains("$0.02", ex.Message);

        // The refusal reserved nothing anywhere, and another feature still has its own budget.
        Assert.Equal(0m, (await store.GetUsageAsync(BudgetBucket.For(BudgetLimit.Global(BudgetWindow.Month, 100m), null, Noon))).ReservedUsd);
        await client.GetResponseAsync(messages, Options("chat"));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Streaming_refusal_also_never_reaches_the_provider()
    {
        var inner = new ScriptedChatClient((_, _) => Streams.Of([Streams.Text("x")]));
        var client = new BudgetChatClient(inner, BudgetOptions(new InMemoryBudgetStore(), BudgetLimit.Global(BudgetWindow.Day, 0.000001m)));
        await Assert.ThrowsAsync<BudgetExceededException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Ask("hi"), Options("chat")))
            {
            }
        });
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task A_key_specific_limit_replaces_the_keyless_one_for_its_key()
    {
        var store = new InMemoryBudgetStore();
        var everyTeam = new BudgetLimit(BudgetScope.Team, null, BudgetWindow.Day, 0.001m);
        var search = new BudgetLimit(BudgetScope.Team, "search", BudgetWindow.Day, 1m);
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(10, 10), BudgetOptions(store, everyTeam, search));

        await client.GetResponseAsync(Ask("q"), Options("f", team: "search"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Ask("q"), Options("f", team: "support")));
        Assert.Equal(CostOf(10, 10), (await store.GetUsageAsync(Day(search, "search"))).SpentUsd);
        Assert.Equal(default, await store.GetUsageAsync(Day(everyTeam, "support")));
    }

    [Fact]
    public async Task Tenant_limits_use_the_attribution_tags_and_skip_calls_without_one()
    {
        var store = new InMemoryBudgetStore();
        var tenant = new BudgetLimit(BudgetScope.Tenant, null, BudgetWindow.Month, 0.5m);
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(10, 10), BudgetOptions(store, tenant));

        using (LlmAttribution.Begin("support-bot", tenant: "acme"))
        {
            await client.GetResponseAsync(Ask("q"), new ChatOptions { ModelId = Model });
        }

        await client.GetResponseAsync(Ask("q"), Options("f"));
        Assert.Equal(CostOf(10, 10), (await store.GetUsageAsync(BudgetBucket.For(tenant, "acme", Noon))).SpentUsd);
    }

    [Fact]
    public async Task Missing_usage_is_settled_at_the_worst_case()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = new ScriptedChatClient((_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))));
        var messages = Ask("no usage here");

        await new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(messages, Options("chat"));

        Assert.Equal(new BudgetUsage(WorstCaseOf(messages), 0m), await store.GetUsageAsync(Day(limit)));
    }

    [Fact]
    public async Task A_failed_call_releases_its_reservation()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = new ScriptedChatClient((_, _, _) => Task.FromException<ChatResponse>(new HttpRequestException("503")));
        var client = new BudgetChatClient(inner, BudgetOptions(store, limit));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(Ask("q"), Options("chat")));
        Assert.Equal(default, await store.GetUsageAsync(Day(limit)));

        var cancelled = new ScriptedChatClient((_, _, ct) => Task.FromCanceled<ChatResponse>(new CancellationToken(true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BudgetChatClient(cancelled, BudgetOptions(store, limit)).GetResponseAsync(Ask("q"), Options("chat")));
        Assert.Equal(default, await store.GetUsageAsync(Day(limit)));
    }

    [Fact]
    public async Task Alerts_fire_once_per_threshold_crossing()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 0.1m);
        var alerts = new List<BudgetAlert>();
        var options = BudgetOptions(store, limit);
        options.AlertThresholds = [0.25, 0.5, 0.75];
        options.OnAlert = alerts.Add;
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(100, 990), options);

        var settled = 0;
        while (true)
        {
            try
            {
                await client.GetResponseAsync(Ask("go"), Options("chat"));
                settled++;
            }
            catch (BudgetExceededException)
            {
                break;
            }
        }

        var perCall = CostOf(100, 990);
        Assert.Equal(settled * perCall, (await store.GetUsageAsync(Day(limit))).SpentUsd);
        Assert.Equal([0.25, 0.5, 0.75], alerts.Select(a => a.Threshold));
        foreach (var alert in alerts)
        {
            Assert.Same(limit, alert.Limit);
            Assert.Equal(0.1m, alert.LimitUsd);
            var level = 0.1m * (decimal)alert.Threshold;
            Assert.True(alert.SpentUsd >= level && alert.SpentUsd - perCall < level, $"{alert}");
        }

        // A throwing handler does not fail the call.
        var quiet = BudgetOptions(new InMemoryBudgetStore(), limit);
        quiet.OnAlert = _ => throw new InvalidOperationException("handler bug");
        quiet.AlertThresholds = [0.0001];
        await new BudgetChatClient(ScriptedChatClient.Reporting(100, 990), quiet).GetResponseAsync(Ask("go"), Options("chat"));
    }

    [Fact]
    public async Task Streaming_settles_from_the_final_usage_when_the_stream_completes()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = new ScriptedChatClient((_, _) => Streams.Of([Streams.Text("Hel"), Streams.Text("lo"), Streams.Usage(30, 40)]));
        var client = new BudgetChatClient(inner, BudgetOptions(store, limit));

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(Ask("hi"), Options("chat")))
        {
            text += update.Text;
            Assert.True((await store.GetUsageAsync(Day(limit))).ReservedUsd > 0m);
        }

        Assert.Equal("Hello", text);
        Assert.Equal(new BudgetUsage(CostOf(30, 40), 0m), await store.GetUsageAsync(Day(limit)));
    }

    [Fact]
    public async Task An_abandoned_stream_is_settled_at_what_was_generated_and_leaks_nothing()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = new ScriptedChatClient((_, _) => Streams.Of([Streams.Text("Hello"), Streams.Text(" world"), Streams.Usage(30, 40)]));
        var client = new BudgetChatClient(inner, BudgetOptions(store, limit));
        var messages = Ask("hi");

        await foreach (var _ in client.GetStreamingResponseAsync(messages, Options("chat")))
        {
            break;
        }

        var usage = await store.GetUsageAsync(Day(limit));
        Assert.Equal(0m, usage.ReservedUsd);
        var helloTokens = LlmOps.Guardrails.Core.Tokenization.TokenCounters.ForModel(Model).Count("Hello").Tokens;
        Assert.Equal(CostOf(InputTokensOf(messages), helloTokens), usage.SpentUsd);
    }

    [Fact]
    public async Task A_stream_that_fails_is_released_unless_usage_was_reported()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var failing = new ScriptedChatClient((_, _) => Streams.Of([Streams.Text("par")], new HttpRequestException("reset")));
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in new BudgetChatClient(failing, BudgetOptions(store, limit)).GetStreamingResponseAsync(Ask("hi"), Options("chat")))
            {
            }
        });
        Assert.Equal(default, await store.GetUsageAsync(Day(limit)));

        var reported = new ScriptedChatClient((_, _) => Streams.Of([Streams.Usage(5, 6)], new HttpRequestException("reset")));
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in new BudgetChatClient(reported, BudgetOptions(store, limit)).GetStreamingResponseAsync(Ask("hi"), Options("chat")))
            {
            }
        });
        Assert.Equal(new BudgetUsage(CostOf(5, 6), 0m), await store.GetUsageAsync(Day(limit)));
    }

    [Fact]
    public async Task An_unknown_model_is_refused_unless_a_fallback_price_is_set()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = ScriptedChatClient.Reporting(10, 10, modelId: null);
        var unknown = new ChatOptions { ModelId = "my-private-model" };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(Ask("q"), unknown));
        Assert.Contains("my-private-model", ex.Message);
        Assert.Contains("UnknownModelPrice", ex.Message);
        Assert.Equal(0, inner.Calls);

        var options = BudgetOptions(store, limit);
        options.UnknownModelPrice = new ModelPrice { Input = 2m, Output = 4m };
        await new BudgetChatClient(inner, options).GetResponseAsync(Ask("q"), unknown);
        Assert.Equal(CostEngine.Calculate(options.UnknownModelPrice, new TokenUsage { InputTokens = 10, OutputTokens = 10 }).TotalCost, (await store.GetUsageAsync(Day(limit))).SpentUsd);
    }

    [Fact]
    public async Task A_call_that_names_no_model_is_priced_at_the_clients_default_model()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = ScriptedChatClient.Reporting(120, 80, modelId: null);
        var noModel = new ChatOptions();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(Ask("q"), noModel));
        Assert.Contains("ChatClientMetadata", ex.Message);
        Assert.Equal(0, inner.Calls);

        inner.Metadata = new ChatClientMetadata("openai", null, Model);
        await new BudgetChatClient(inner, BudgetOptions(store, limit)).GetResponseAsync(Ask("q"), noModel);
        Assert.Equal(new BudgetUsage(CostOf(120, 80), 0m), await store.GetUsageAsync(Day(limit)));

        // BudgetOptions.DefaultModelId, when set, wins over the client's metadata.
        var options = BudgetOptions(store, limit);
        options.DefaultModelId = Model;
        inner.Metadata = new ChatClientMetadata("openai", null, "not-in-any-catalog");
        await new BudgetChatClient(inner, options).GetResponseAsync(Ask("q"), noModel);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Calls_no_limit_applies_to_pass_straight_through()
    {
        var inner = ScriptedChatClient.Reporting(10, 10, modelId: null);
        var options = BudgetOptions(new InMemoryBudgetStore(), new BudgetLimit(BudgetScope.Tenant, "acme", BudgetWindow.Day, 0m));
        await new BudgetChatClient(inner, options).GetResponseAsync(Ask("q"), new ChatOptions { ModelId = "not-in-any-catalog" });
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_new_window_gives_the_budget_back()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 0.015m);
        var options = BudgetOptions(store, limit);
        var clock = (ManualTimeProvider)options.TimeProvider;
        clock.Now = new DateTimeOffset(2026, 11, 24, 23, 59, 0, TimeSpan.Zero);
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(10, 1000), options);

        await client.GetResponseAsync(Ask("q"), Options("chat"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Ask("q"), Options("chat")));
        clock.Now = clock.Now.AddMinutes(1);
        await client.GetResponseAsync(Ask("q"), Options("chat"));

        Assert.Equal(CostOf(10, 1000), (await store.GetUsageAsync(BudgetBucket.For(limit, null, clock.Now.AddMinutes(-1)))).SpentUsd);
        Assert.Equal(CostOf(10, 1000), (await store.GetUsageAsync(BudgetBucket.For(limit, null, clock.Now))).SpentUsd);
    }

    [Fact]
    public void Duplicate_limits_are_a_configuration_error()
    {
        var options = BudgetOptions(new InMemoryBudgetStore(), BudgetLimit.Global(BudgetWindow.Day, 1m), BudgetLimit.Global(BudgetWindow.Day, 2m));
        Assert.Throws<ArgumentException>(() => new BudgetChatClient(ScriptedChatClient.Reporting(1, 1), options));
    }
}

public class BudgetCacheHitTests
{
    [Fact]
    public async Task A_response_cache_hit_costs_nothing_even_with_a_per_request_fee()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var inner = new ScriptedChatClient((_, _, _) =>
        {
            var hit = ScriptedChatClient.Response(0, 0);
            hit.AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.cache"] = "hit" };
            return Task.FromResult(hit);
        });
        var options = BudgetOptions(store, limit);
        options.UnknownModelPrice = new ModelPrice { Input = 1m, Output = 1m, PerThousandRequests = 5m };

        await new BudgetChatClient(inner, options).GetResponseAsync(Ask("q"), new ChatOptions { ModelId = "fee-model" });
        Assert.Equal(default, await store.GetUsageAsync(BudgetBucket.For(limit, null, Noon)));
    }
}
