using System.Diagnostics;
using System.Net;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

public class GuardrailsCompositionTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    private static readonly UsageDetails Usage = new() { InputTokenCount = 1200, OutputTokenCount = 300, TotalTokenCount = 1500 };

    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private static List<ChatMessage> Ask(string text = "Summarise the ticket.") => new() { new ChatMessage(ChatRole.User, text) };

    private static ChatOptions Options(string feature = "triage", string? tenant = "acme") =>
        new ChatOptions { ModelId = Model, MaxOutputTokens = 500 }.WithAttribution(feature, team: "support", tenant: tenant, user: "u-1");

    private static RetryOptions FastRetry() => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), UseJitter = false };

    [Fact]
    public async Task Attribution_keys_never_reach_the_provider()
    {
        var provider = new RecordingChatClient((_, _) => RecordingChatClient.Answer("done", Usage));
        var client = provider.UseLlmOpsGuardrails(o =>
        {
            o.Cache = new ResponseCacheOptions { TimeProvider = clock };
            o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 100m) }, TimeProvider = clock };
            o.Redaction = new PiiRedactionOptions();
        });

        var options = Options();
        options.AdditionalProperties!["logprobs"] = true;
        await client.GetResponseAsync(Ask(), options);

        var sent = Assert.Single(provider.Requests).Options!;
        Assert.DoesNotContain(sent.AdditionalProperties!.Keys, k => k.StartsWith("llmops.", StringComparison.Ordinal));
        Assert.Equal(true, sent.AdditionalProperties["logprobs"]);
        Assert.Equal("triage", options.AdditionalProperties[AttributionKeys.Feature]); // the caller's options are untouched
    }

    [Fact]
    public async Task Budget_refusal_means_no_provider_call()
    {
        var provider = new RecordingChatClient((_, _) => RecordingChatClient.Answer("done", Usage));
        var client = provider.UseLlmOpsGuardrails(o =>
            o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 0.000001m) }, TimeProvider = clock });

        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Ask(), Options()));
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task Cache_hit_means_no_budget_charge_and_no_provider_call()
    {
        var provider = new RecordingChatClient((_, _) => RecordingChatClient.Answer("done", Usage));
        var store = new InMemoryBudgetStore(clock);
        var limit = BudgetLimit.Global(BudgetWindow.Day, 100m);
        var client = provider.UseLlmOpsGuardrails(o =>
        {
            o.Budget = new BudgetOptions { Store = store, Limits = { limit }, TimeProvider = clock };
            o.Cache = new ResponseCacheOptions { TimeProvider = clock };
        });
        var bucket = BudgetBucket.For(limit, null, clock.Now);

        var miss = await client.GetResponseAsync(Ask(), Options());
        var afterMiss = await store.GetUsageAsync(bucket);
        Assert.True(afterMiss.SpentUsd > 0m);
        Assert.Equal(0m, afterMiss.ReservedUsd);

        var hit = await client.GetResponseAsync(Ask(), Options(feature: "another-feature"));
        var afterHit = await store.GetUsageAsync(bucket);

        Assert.Equal(1, provider.Calls);
        Assert.Equal("hit", hit.AdditionalProperties![ResponseCachingChatClient.CacheProperty]);
        Assert.Equal(miss.Text, hit.Text);
        Assert.Equal(afterMiss.SpentUsd, afterHit.SpentUsd);
        Assert.Equal(0m, afterHit.ReservedUsd);
    }

    [Fact]
    public async Task Streaming_cache_hit_means_no_budget_charge_and_no_provider_call()
    {
        var provider = new RecordingChatClient { StreamChunks = new[] { "do", "ne" } };
        var store = new InMemoryBudgetStore(clock);
        var limit = BudgetLimit.Global(BudgetWindow.Day, 100m);
        var client = provider.UseLlmOpsGuardrails(o =>
        {
            o.Budget = new BudgetOptions { Store = store, Limits = { limit }, TimeProvider = clock };
            o.Cache = new ResponseCacheOptions { TimeProvider = clock, CacheStreaming = true };
        });
        var bucket = BudgetBucket.For(limit, null, clock.Now);

        Assert.Equal("done", (await client.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync()).Text);
        var afterMiss = await store.GetUsageAsync(bucket);
        var hit = await client.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync();
        var afterHit = await store.GetUsageAsync(bucket);

        Assert.Equal("done", hit.Text);
        Assert.Equal(1, provider.Calls);
        Assert.Equal(afterMiss.SpentUsd, afterHit.SpentUsd);
        Assert.Equal(0m, afterHit.ReservedUsd);
    }

    [Fact]
    public async Task Cache_is_partitioned_by_the_tenant_attribution_resolved()
    {
        var n = 0;
        var provider = new RecordingChatClient((_, _) => RecordingChatClient.Answer("answer " + ++n, Usage));
        var client = provider.UseLlmOpsGuardrails(o => o.Cache = new ResponseCacheOptions { TimeProvider = clock });

        Assert.Equal("answer 1", (await client.GetResponseAsync(Ask(), Options(tenant: "acme"))).Text);
        Assert.Equal("answer 2", (await client.GetResponseAsync(Ask(), Options(tenant: "globex"))).Text);
        using (LlmAttribution.Begin("triage", tenant: "acme"))
        {
            Assert.Equal("answer 1", (await client.GetResponseAsync(Ask(), new ChatOptions { ModelId = Model, MaxOutputTokens = 500 })).Text);
        }

        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task Redaction_sits_before_retry_and_the_provider()
    {
        var attempts = 0;
        var provider = new RecordingChatClient((messages, _) =>
            ++attempts == 1
                ? throw new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable)
                : RecordingChatClient.Answer("Replying to [EMAIL_1]", Usage));
        var client = provider.UseLlmOpsGuardrails(o =>
        {
            o.Redaction = new PiiRedactionOptions();
            o.Retry = FastRetry();
        });

        var response = await client.GetResponseAsync(Ask("Reply to jane@example.com"), Options());

        Assert.Equal(2, provider.Calls);
        Assert.All(provider.Requests, r => Assert.Equal("Reply to [EMAIL_1]", r.Messages[0].Text));
        Assert.Equal("Replying to jane@example.com", response.Text);
    }

    [Fact]
    public async Task Fallback_targets_each_get_their_own_retry_and_no_attribution_keys()
    {
        var primary = new RecordingChatClient((_, _) => throw new HttpRequestException("down", null, HttpStatusCode.BadGateway));
        var secondary = new RecordingChatClient((_, _) => RecordingChatClient.Answer("from secondary", Usage));
        var client = primary.UseLlmOpsGuardrails(o =>
        {
            o.Retry = FastRetry();
            o.FallbackTargets.Add(new FallbackTarget("secondary", secondary, "claude-haiku-4-5-20251001"));
        });

        var response = await client.GetResponseAsync(Ask(), Options());

        Assert.Equal("from secondary", response.Text);
        Assert.Equal(3, primary.Calls); // RetryOptions.MaxAttempts, then the chain moves on
        Assert.Equal(1, secondary.Calls);
        Assert.Equal("secondary", response.AdditionalProperties![FallbackChatClient.ServedByKey]);
        Assert.Equal("claude-haiku-4-5-20251001", secondary.Requests[0].Options!.ModelId);
        foreach (var request in primary.Requests.Concat(secondary.Requests))
        {
            Assert.DoesNotContain(request.Options?.AdditionalProperties?.Keys ?? Enumerable.Empty<string>(), k => k.StartsWith("llmops.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Target_list_overload_builds_the_same_chain()
    {
        var a = new RecordingChatClient((_, _) => throw new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable));
        var b = new RecordingChatClient((_, _) => RecordingChatClient.Answer("b", Usage));
        var client = new[] { new FallbackTarget("a", a), new FallbackTarget("b", b) }
            .UseLlmOpsGuardrails(o => o.Retry = new RetryOptions { MaxAttempts = 1 });

        Assert.Equal("b", (await client.GetResponseAsync(Ask(), Options())).Text);
        Assert.Equal((1, 1), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task Telemetry_covers_the_call_with_the_attribution_and_sees_a_hit_as_free()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LlmOpsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var provider = new RecordingChatClient((_, _) => RecordingChatClient.Answer("done", Usage));
        var client = provider.UseLlmOpsGuardrails(o => o.Cache = new ResponseCacheOptions { TimeProvider = clock });
        var feature = "telemetry-" + Guid.NewGuid().ToString("N");
        await client.GetResponseAsync(Ask(), Options(feature: feature));
        await client.GetResponseAsync(Ask(), Options(feature: feature));

        var mine = activities.Where(a => a.Tags.Any(t => t.Value == feature)).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(1, provider.Calls);
        Assert.Contains(mine[1].Events, e => e.Name == "llmops.cache.hit");
    }

    [Fact]
    public void Single_concern_extensions_wrap_one_client_each()
    {
        var provider = new RecordingChatClient();
        Assert.IsType<AttributingChatClient>(provider.WithAttribution());
        Assert.IsType<TelemetryChatClient>(provider.WithTelemetry());
        Assert.IsType<ResponseCachingChatClient>(provider.WithResponseCache());
        Assert.IsType<ResponseCachingChatClient>(provider.WithResponseCache(o => o.TimeToLive = TimeSpan.FromMinutes(5)));
        Assert.IsType<RetryingChatClient>(provider.WithRetry());
        Assert.IsType<PiiRedactingChatClient>(provider.WithPiiRedaction());
        Assert.IsType<BudgetChatClient>(provider.WithBudget(new BudgetOptions()));
        Assert.IsType<FallbackChatClient>(new[] { new FallbackTarget("p", provider) }.WithFallback());

        var full = provider.UseLlmOpsGuardrails(o =>
        {
            o.Budget = new BudgetOptions();
            o.Cache = new ResponseCacheOptions();
            o.Redaction = new PiiRedactionOptions();
        });
        Assert.IsType<AttributingChatClient>(full);
        Assert.NotNull(full.GetService<TelemetryChatClient>());
        Assert.NotNull(full.GetService<BudgetChatClient>());
        Assert.NotNull(full.GetService<ResponseCachingChatClient>());
        Assert.NotNull(full.GetService<PiiRedactingChatClient>());
        Assert.NotNull(full.GetService<RetryingChatClient>());
        Assert.Same(provider, full.GetService<RecordingChatClient>());
        Assert.Null(provider.UseLlmOpsGuardrails().GetService<BudgetChatClient>());
    }
}
