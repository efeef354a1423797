using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Cost;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Cost;

public class UsageMappingTests
{
    private static readonly ChatMessage[] Messages = { new(ChatRole.User, "hi") };

    [Fact]
    public void OpenAI_shape_keeps_cached_inside_input_and_reasoning_inside_output()
    {
        // prompt_tokens 1200 (of which cached_tokens 1024), completion_tokens 700 (of which reasoning_tokens 512).
        var details = new UsageDetails { InputTokenCount = 1200, CachedInputTokenCount = 1024, OutputTokenCount = 700, ReasoningTokenCount = 512, TotalTokenCount = 1900 };

        var usage = UsageMapping.ToTokenUsage(details);

        Assert.Equal(
            new TokenUsage { InputTokens = 1200, CachedInputTokens = 1024, OutputTokens = 700, ReasoningTokens = 512 },
            usage);
        Assert.Equal(176, usage.UncachedInputTokens);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06")]
    [InlineData("o3-mini")]
    public void OpenAI_shape_costs_what_the_engine_computes_directly(string modelId)
    {
        var details = new UsageDetails { InputTokenCount = 1200, CachedInputTokenCount = 1024, OutputTokenCount = 700, ReasoningTokenCount = 512 };
        var model = ModelCatalog.Default.Lookup(modelId).Model;
        Assert.NotNull(model);
        var expected = CostEngine.Calculate(ModelCatalog.Default.SnapshotOf(model!)!,
            new TokenUsage { InputTokens = 1200, CachedInputTokens = 1024, OutputTokens = 700, ReasoningTokens = 512 }).TotalCost;

        Assert.Equal(expected, ChatCost.Of(UsageMapping.ToTokenUsage(details), modelId, ModelCatalog.Default));
        Assert.True(expected > 0m);
    }

    [Fact]
    public async Task Anthropic_sdk_reports_the_input_total_with_cache_reads_and_writes_and_the_writes_in_additional_counts()
    {
        var requests = new List<string>();
        var response = await AnthropicWire.Client(requests).GetResponseAsync(Messages);

        // What Anthropic.dll 13.12.0's AsIChatClient builds from usage {input 100, cache_read 1000, cache_creation 500 (5m 400, 1h 100), output 50}.
        var details = response.Usage!;
        Assert.Equal(1600, details.InputTokenCount);
        Assert.Equal(1000, details.CachedInputTokenCount);
        Assert.Equal(50, details.OutputTokenCount);
        Assert.Null(details.ReasoningTokenCount);
        Assert.Equal(500, details.AdditionalCounts![UsageMapping.CacheCreationInputTokensKey]);
        Assert.Single(requests);

        // From UsageDetails alone the split is unknown: all writes are 5-minute writes (Anthropic's default TTL).
        Assert.Equal(
            new TokenUsage { InputTokens = 1600, CachedInputTokens = 1000, CacheWrite5mTokens = 500, OutputTokens = 50 },
            UsageMapping.ToTokenUsage(details));

        // The raw message carries the split.
        var usage = UsageMapping.ToTokenUsage(response);
        Assert.Equal(
            new TokenUsage { InputTokens = 1600, CachedInputTokens = 1000, CacheWrite5mTokens = 400, CacheWrite1hTokens = 100, OutputTokens = 50 },
            usage);
        Assert.Equal(100, usage.UncachedInputTokens);

        var model = ModelCatalog.Default.Lookup(AnthropicWire.Model).Model!;
        var expected = CostEngine.Calculate(model, new TokenUsage
        {
            InputTokens = 100 + 1000 + 500,
            CachedInputTokens = 1000,
            CacheWrite5mTokens = 400,
            CacheWrite1hTokens = 100,
            OutputTokens = 50,
        }).TotalCost;
        Assert.Equal(expected, ChatCost.Of(usage, response.ModelId, ModelCatalog.Default));
        Assert.Equal(expected, ChatCost.Of(response, ModelCatalog.Default));
    }

    [Fact]
    public async Task Anthropic_sdk_over_a_loopback_http_listener_maps_the_same_way()
    {
        var response = await AnthropicWire.OverLoopbackAsync(Messages);

        Assert.Equal((1600L, 1000L, 50L), (response.Usage!.InputTokenCount, response.Usage.CachedInputTokenCount, response.Usage.OutputTokenCount));
        Assert.Equal(500L, response.Usage.AdditionalCounts![UsageMapping.CacheCreationInputTokensKey]);
        Assert.Equal(
            new TokenUsage { InputTokens = 1600, CachedInputTokens = 1000, CacheWrite5mTokens = 400, CacheWrite1hTokens = 100, OutputTokens = 50 },
            UsageMapping.ToTokenUsage(response));
    }

    [Fact]
    public async Task Anthropic_sdk_streams_the_same_usage_in_its_final_update()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in AnthropicWire.Client().GetStreamingResponseAsync(Messages))
        {
            updates.Add(update);
        }

        var usageContent = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Same(usageContent, updates[^1].Contents.OfType<UsageContent>().SingleOrDefault());
        Assert.Equal(
            new TokenUsage { InputTokens = 1600, CachedInputTokens = 1000, CacheWrite5mTokens = 500, OutputTokens = 50 },
            UsageMapping.ToTokenUsage(usageContent.Details));
        Assert.Equal("hi there", updates.ToChatResponse().Text);
    }

    [Fact]
    public void Explicit_split_keys_win_and_unaccounted_writes_are_5_minute_writes()
    {
        var details = new UsageDetails
        {
            InputTokenCount = 2000,
            CachedInputTokenCount = 500,
            OutputTokenCount = 10,
            AdditionalCounts = new AdditionalPropertiesDictionary<long>
            {
                [UsageMapping.CacheCreationInputTokensKey] = 900,
                [UsageMapping.CacheWrite1hInputTokensKey] = 300,
            },
        };

        Assert.Equal(
            new TokenUsage { InputTokens = 2000, CachedInputTokens = 500, CacheWrite5mTokens = 600, CacheWrite1hTokens = 300, OutputTokens = 10 },
            UsageMapping.ToTokenUsage(details));
    }

    [Fact]
    public void Parts_reported_beside_their_totals_are_added_not_dropped()
    {
        // Anthropic's raw shape (input_tokens without the cache) and Gemini's (reasoning beside the output).
        var details = new UsageDetails
        {
            InputTokenCount = 100,
            CachedInputTokenCount = 1000,
            OutputTokenCount = 50,
            ReasoningTokenCount = 80,
            AdditionalCounts = new AdditionalPropertiesDictionary<long> { [UsageMapping.CacheCreationInputTokensKey] = 500 },
        };

        var usage = UsageMapping.ToTokenUsage(details);

        Assert.Equal(new TokenUsage { InputTokens = 1600, CachedInputTokens = 1000, CacheWrite5mTokens = 500, OutputTokens = 130, ReasoningTokens = 80 }, usage);
        usage.Validate();
    }

    [Fact]
    public void Missing_usage_is_zero_and_negative_counts_are_ignored()
    {
        Assert.Equal(default, UsageMapping.ToTokenUsage((UsageDetails?)null));
        Assert.Equal(new TokenUsage { OutputTokens = 5 }, UsageMapping.ToTokenUsage(new UsageDetails { InputTokenCount = -3, OutputTokenCount = 5 }));
    }

    [Fact]
    public void Aliases_are_priced_as_their_snapshot_through_provider_prefixes_and_unknown_models_cost_null()
    {
        var usage = new TokenUsage { InputTokens = 10_000, CachedInputTokens = 2_000, OutputTokens = 1_000 };
        var snapshot = ChatCost.Of(usage, "gpt-4o-2024-08-06", ModelCatalog.Default);
        Assert.NotNull(snapshot);
        Assert.Equal(snapshot, ChatCost.Of(usage, "gpt-4o", ModelCatalog.Default));
        Assert.Equal(snapshot, ChatCost.Of(usage, "openai/gpt-4o-2024-08-06", ModelCatalog.Default));
        Assert.Equal(snapshot, ChatCost.Of(usage, "GPT-4o", ModelCatalog.Default));
        Assert.Null(ChatCost.Of(usage, "no-such-model-xyz", ModelCatalog.Default));
        Assert.Null(ChatCost.Of(usage, null, ModelCatalog.Default));
        Assert.Null(ChatCost.Of(usage, "", ModelCatalog.Default));
        Assert.Equal(
            CostEngine.Calculate(ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!, usage).TotalCost,
            snapshot);
    }

    [Fact]
    public void A_response_is_priced_on_the_model_that_answered_else_on_the_requested_one()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
        {
            ModelId = "gpt-4o-mini-2024-07-18",
            Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 100 },
        };
        var usage = new TokenUsage { InputTokens = 1000, OutputTokens = 100 };
        Assert.Equal(ChatCost.Of(usage, "gpt-4o-mini-2024-07-18", ModelCatalog.Default), ChatCost.Of(response, ModelCatalog.Default, "gpt-4o"));

        response.ModelId = "some-deployment-name";
        Assert.Equal(ChatCost.Of(usage, "gpt-4o", ModelCatalog.Default), ChatCost.Of(response, ModelCatalog.Default, "gpt-4o"));

        response.Usage = null;
        Assert.Null(ChatCost.Of(response, ModelCatalog.Default, "gpt-4o"));
    }
}
