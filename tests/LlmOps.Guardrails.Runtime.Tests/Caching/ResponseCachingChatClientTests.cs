using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Tests.Composition;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Caching;

public class ResponseCachingChatClientTests
{
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));

    private ResponseCacheOptions CacheOptions(IResponseCacheStore? store = null) => new()
    {
        Store = store ?? new InMemoryResponseCacheStore(100, clock),
        TimeProvider = clock,
        TimeToLive = TimeSpan.FromMinutes(10),
    };

    private static List<ChatMessage> Ask(string text = "Capital of France?") => new() { new ChatMessage(ChatRole.User, text) };

    private static ChatOptions Options(string feature = "geo", string? tenant = null) =>
        new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", Temperature = 0 }.WithAttribution(feature, tenant: tenant);

    [Fact]
    public async Task Hit_is_a_marked_clone_and_never_calls_the_inner_client()
    {
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("Paris"));
        var cache = new ResponseCachingChatClient(inner, CacheOptions());

        var first = await cache.GetResponseAsync(Ask(), Options());
        var second = await cache.GetResponseAsync(Ask(), Options("other-feature"));
        var third = await cache.GetResponseAsync(Ask(), Options());

        Assert.Equal(1, inner.Calls);
        Assert.Null(first.AdditionalProperties?.GetValueOrDefault(ResponseCachingChatClient.CacheProperty));
        Assert.Equal("hit", second.AdditionalProperties![ResponseCachingChatClient.CacheProperty]);
        Assert.Equal("Paris", second.Text);
        Assert.Equal(first.ResponseId, second.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.NotSame(first, second);
        Assert.NotSame(second, third);
        Assert.NotSame(second.Messages[0], third.Messages[0]);

        // Mutating a hit (or the original) cannot corrupt what later callers get.
        second.Messages[0].Contents.Clear();
        first.Messages[0].Contents.Clear();
        Assert.Equal("Paris", (await cache.GetResponseAsync(Ask(), Options())).Text);
    }

    [Fact]
    public async Task Hit_bills_nothing_and_reports_the_original_cost_as_saved()
    {
        var usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500, TotalTokenCount = 1500 };
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("Paris", usage));
        var cache = new ResponseCachingChatClient(inner, CacheOptions());

        var miss = await cache.GetResponseAsync(Ask(), Options());
        var hit = await cache.GetResponseAsync(Ask(), Options());

        Assert.Equal(1500, miss.Usage!.TotalTokenCount);
        Assert.Equal(0, hit.Usage!.InputTokenCount);
        Assert.Equal(0, hit.Usage.OutputTokenCount);
        Assert.Equal(1500, ((UsageDetails)hit.AdditionalProperties![ResponseCachingChatClient.OriginalUsageProperty]!).TotalTokenCount);
        var saved = Assert.IsType<decimal>(hit.AdditionalProperties[ResponseCachingChatClient.SavedUsdProperty]);
        Assert.True(saved > 0m);
    }

    [Fact]
    public async Task Tenants_are_isolated_and_no_tenant_is_its_own_partition()
    {
        var n = 0;
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("answer " + ++n));
        var cache = new ResponseCachingChatClient(inner, CacheOptions());

        var acme = await cache.GetResponseAsync(Ask(), Options(tenant: "acme"));
        var globex = await cache.GetResponseAsync(Ask(), Options(tenant: "globex"));
        var none = await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(3, inner.Calls);
        Assert.Equal(new[] { "answer 1", "answer 2", "answer 3" }, new[] { acme.Text, globex.Text, none.Text });

        Assert.Equal("answer 1", (await cache.GetResponseAsync(Ask(), Options(tenant: "acme"))).Text);
        Assert.Equal("answer 2", (await cache.GetResponseAsync(Ask(), Options(tenant: "globex"))).Text);
        Assert.Equal("answer 3", (await cache.GetResponseAsync(Ask(), Options())).Text);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Ambient_tenant_scope_partitions_too()
    {
        var n = 0;
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("answer " + ++n));
        var cache = new ResponseCachingChatClient(inner, CacheOptions());
        var plain = new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18" };

        using (LlmAttribution.Begin("geo", tenant: "acme"))
        {
            await cache.GetResponseAsync(Ask(), plain);
        }

        using (LlmAttribution.Begin("geo", tenant: "globex"))
        {
            Assert.Equal("answer 2", (await cache.GetResponseAsync(Ask(), plain)).Text);
        }

        using (LlmAttribution.Begin("geo", tenant: "acme"))
        {
            Assert.Equal("answer 1", (await cache.GetResponseAsync(Ask(), plain)).Text);
        }

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Entries_expire_after_the_time_to_live()
    {
        var store = new InMemoryResponseCacheStore(100, clock);
        var inner = new RecordingChatClient();
        var cache = new ResponseCachingChatClient(inner, CacheOptions(store));

        await cache.GetResponseAsync(Ask(), Options());
        clock.Advance(TimeSpan.FromMinutes(9));
        await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(1, inner.Calls);

        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(2, inner.Calls);
        Assert.Null(after.AdditionalProperties?.GetValueOrDefault(ResponseCachingChatClient.CacheProperty));

        await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(2, inner.Calls); // the fresh answer was stored again
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        var fail = true;
        var inner = new RecordingChatClient((_, _) => fail ? throw new HttpRequestException("503") : RecordingChatClient.Answer("ok"));
        var store = new InMemoryResponseCacheStore(100, clock);
        var cache = new ResponseCachingChatClient(inner, CacheOptions(store));

        await Assert.ThrowsAsync<HttpRequestException>(() => cache.GetResponseAsync(Ask(), Options()));
        Assert.Equal(0, store.Count);

        fail = false;
        Assert.Equal("ok", (await cache.GetResponseAsync(Ask(), Options())).Text);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData("content_filter")]
    [InlineData("tool_calls")]
    [InlineData(null)]
    public async Task Only_stop_and_length_answers_are_stored(string? finish)
    {
        var inner = new RecordingChatClient((_, _) =>
        {
            var response = RecordingChatClient.Answer("partial");
            response.FinishReason = finish is null ? null : new ChatFinishReason(finish);
            return response;
        });
        var cache = new ResponseCachingChatClient(inner, CacheOptions());

        await cache.GetResponseAsync(Ask(), Options());
        await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Length_answers_are_stored()
    {
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("trunc", finish: ChatFinishReason.Length));
        var cache = new ResponseCachingChatClient(inner, CacheOptions());
        await cache.GetResponseAsync(Ask(), Options());
        await cache.GetResponseAsync(Ask(), Options());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Per_call_bypass_and_refresh_switches()
    {
        var n = 0;
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("answer " + ++n));
        var cache = new ResponseCachingChatClient(inner, CacheOptions()).WithAttribution();
        ChatOptions With(string mode)
        {
            var options = Options();
            options.AdditionalProperties![ResponseCachingChatClient.CacheProperty] = mode;
            return options;
        }

        Assert.Equal("answer 1", (await cache.GetResponseAsync(Ask(), Options())).Text);
        Assert.Equal("answer 2", (await cache.GetResponseAsync(Ask(), With("bypass"))).Text);
        Assert.Equal("answer 1", (await cache.GetResponseAsync(Ask(), Options())).Text); // bypass did not store
        Assert.Equal("answer 3", (await cache.GetResponseAsync(Ask(), With("refresh"))).Text);
        Assert.Equal("answer 3", (await cache.GetResponseAsync(Ask(), Options())).Text); // refresh stored
        Assert.Equal(3, inner.Calls);
        Assert.All(inner.Requests, r => Assert.DoesNotContain(ResponseCachingChatClient.CacheProperty, r.Options!.AdditionalProperties?.Keys ?? Enumerable.Empty<string>()));
    }

    [Fact]
    public async Task Different_requests_miss()
    {
        var inner = new RecordingChatClient();
        var cache = new ResponseCachingChatClient(inner, CacheOptions());
        await cache.GetResponseAsync(Ask("a"), Options());
        await cache.GetResponseAsync(Ask("b"), Options());
        var other = Options();
        other.Temperature = 1;
        await cache.GetResponseAsync(Ask("a"), other);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Streaming_passes_through_by_default_and_replays_hits_when_enabled()
    {
        var inner = new RecordingChatClient { StreamChunks = new[] { "Par", "is" } };
        var passthrough = new ResponseCachingChatClient(inner, CacheOptions());
        await passthrough.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync();
        await passthrough.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync();
        Assert.Equal(2, inner.Calls);

        var options = CacheOptions();
        options.CacheStreaming = true;
        var streaming = new ResponseCachingChatClient(inner, options);
        var miss = await streaming.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync();
        var hit = await streaming.GetStreamingResponseAsync(Ask(), Options()).ToChatResponseAsync();
        Assert.Equal(3, inner.Calls);
        Assert.Equal("Paris", miss.Text);
        Assert.Equal("Paris", hit.Text);

        // A streamed miss also serves non-streaming hits.
        Assert.Equal("Paris", (await streaming.GetResponseAsync(Ask(), Options())).Text);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task In_memory_store_evicts_the_least_recently_used_entry()
    {
        var store = new InMemoryResponseCacheStore(2, clock);
        var entry = new ResponseCacheEntry(new byte[] { 1 }, clock.Now, clock.Now.AddHours(1));
        await store.SetAsync("a", entry);
        await store.SetAsync("b", entry);
        Assert.NotNull(await store.GetAsync("a")); // a is now more recent than b
        await store.SetAsync("c", entry);

        Assert.Equal(2, store.Count);
        Assert.Null(await store.GetAsync("b"));
        Assert.NotNull(await store.GetAsync("a"));
        Assert.NotNull(await store.GetAsync("c"));
        Assert.Equal(1, store.Evictions);
    }

    [Fact]
    public async Task In_memory_store_evicts_expired_entries_first()
    {
        var store = new InMemoryResponseCacheStore(2, clock);
        await store.SetAsync("fresh-old", new ResponseCacheEntry(new byte[] { 1 }, clock.Now, clock.Now.AddHours(1)));
        await store.SetAsync("expired-new", new ResponseCacheEntry(new byte[] { 1 }, clock.Now, clock.Now.AddMinutes(1)));
        clock.Advance(TimeSpan.FromMinutes(2));
        await store.SetAsync("c", new ResponseCacheEntry(new byte[] { 1 }, clock.Now, clock.Now.AddHours(1)));
        Assert.Null(await store.GetAsync("expired-new"));
        Assert.NotNull(await store.GetAsync("fresh-old"));
    }

    [Fact]
    public async Task In_memory_store_stays_bounded_under_concurrency()
    {
        var store = new InMemoryResponseCacheStore(50, clock);
        var entry = new ResponseCacheEntry(new byte[] { 1 }, clock.Now, clock.Now.AddHours(1));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await store.SetAsync($"{worker}:{i}", entry);
                await store.GetAsync($"{worker}:{i / 2}");
            }
        })));

        Assert.Equal(50, store.Count);
        Assert.Equal(8 * 500 - 50, store.Evictions);
    }
}
