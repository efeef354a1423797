using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Attribution;

/// <summary>
/// The attribution middleware copies the caller's options only as far as it must and reuses immutable tag sets and call
/// records: these pin that nothing of that changes what the provider gets, what the caller keeps or who a call is billed to.
/// </summary>
public class AttributionCopyAndReuseTests
{
    private static readonly ChatMessage[] Messages = { new(ChatRole.User, "hi") };

    [Fact]
    public void The_copy_names_every_public_property_of_ChatOptions_and_ReasoningOptions()
    {
        // A new Microsoft.Extensions.AI property must be added to StrippedOptions.CopyWithoutBag, or it would be dropped.
        var chatOptions = typeof(ChatOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order();
        Assert.Equal(
            new[]
            {
                "AdditionalProperties", "AllowBackgroundResponses", "AllowMultipleToolCalls", "ContinuationToken", "ConversationId",
                "FrequencyPenalty", "Instructions", "MaxOutputTokens", "ModelId", "PresencePenalty", "RawRepresentationFactory",
                "Reasoning", "ResponseFormat", "Seed", "StopSequences", "Temperature", "ToolMode", "Tools", "TopK", "TopP",
            },
            chatOptions);
        Assert.Equal(new[] { "Effort", "Output" }, typeof(ReasoningOptions).GetProperties().Select(p => p.Name).Order());
    }

    [Fact]
    public void The_copy_holds_what_Clone_holds_except_the_llmops_keys()
    {
        var options = FullyPopulated();
        var copy = StrippedOptions.Of(options);
        var clone = options.Clone();

        foreach (var property in typeof(ChatOptions).GetProperties().Where(p => p.Name != nameof(ChatOptions.AdditionalProperties)))
        {
            var original = property.GetValue(options);
            var cloned = property.GetValue(clone);
            var copied = property.GetValue(copy);
            Assert.True(original is not null, $"{property.Name} is not set by the test");
            // Where Clone shares the instance the copy shares it; where Clone makes a new one the copy does too.
            Assert.Equal(ReferenceEquals(original, cloned), ReferenceEquals(original, copied));
        }

        Assert.Equal(options.StopSequences, copy.StopSequences);
        Assert.Equal(options.Tools, copy.Tools);
        Assert.Equal((options.Reasoning!.Effort, options.Reasoning.Output), (copy.Reasoning!.Effort, copy.Reasoning.Output));
        Assert.Equal(new[] { "seed_hint" }, copy.AdditionalProperties!.Keys);
        Assert.Equal(7, copy.AdditionalProperties["seed_hint"]);
    }

    [Fact]
    public async Task The_callers_options_are_left_exactly_as_they_were()
    {
        var inner = new ScriptedChatClient();
        var options = FullyPopulated();
        var bag = options.AdditionalProperties!;
        var bagBefore = bag.ToArray();
        var stops = options.StopSequences!;
        var tools = options.Tools!;
        var reasoning = options.Reasoning!;

        var client = new AttributingChatClient(inner);
        await client.GetResponseAsync(Messages, options);
        inner.LastOptions!.StopSequences!.Add("changed downstream");
        inner.LastOptions.Tools!.Clear();
        inner.LastOptions.Reasoning!.Effort = ReasoningEffort.High;
        inner.LastOptions.AdditionalProperties!["added downstream"] = 1;
        await client.GetResponseAsync(Messages, options);

        Assert.Same(bag, options.AdditionalProperties);
        Assert.Equal(bagBefore, options.AdditionalProperties!.ToArray());
        Assert.Same(stops, options.StopSequences);
        Assert.Equal(new[] { "END" }, options.StopSequences);
        Assert.Same(tools, options.Tools);
        Assert.Single(options.Tools!);
        Assert.Same(reasoning, options.Reasoning);
        Assert.Equal(ReasoningEffort.Low, options.Reasoning!.Effort);
    }

    [Theory]
    [InlineData("llmops.feature")]
    [InlineData("LLMOPS.FEATURE")]
    [InlineData("LlmOps.Cache.Bypass")]
    public async Task No_llmops_key_reaches_the_provider_in_any_case_of_letters(string key)
    {
        var inner = new ScriptedChatClient();
        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [key] = "search", ["user_data"] = "kept" } };

        await new AttributingChatClient(inner).GetResponseAsync(Messages, options);

        Assert.Equal(new[] { "user_data" }, inner.LastOptions!.AdditionalProperties!.Keys);
        Assert.Equal(2, options.AdditionalProperties.Count);
    }

    [Fact]
    public async Task Derived_options_are_copied_by_their_own_Clone_and_keep_their_type_and_state()
    {
        var inner = new ScriptedChatClient();
        var options = new VendorChatOptions { ModelId = "m", VendorFlag = "on" }.WithAttribution("search");
        options.AdditionalProperties!["vendor_key"] = 1;

        await new AttributingChatClient(inner).GetResponseAsync(Messages, options);

        var sent = Assert.IsType<VendorChatOptions>(inner.LastOptions);
        Assert.NotSame(options, sent);
        Assert.Equal(("m", "on"), (sent.ModelId, sent.VendorFlag));
        Assert.Equal(new[] { "vendor_key" }, sent.AdditionalProperties!.Keys);
        Assert.Equal(2, options.AdditionalProperties.Count);
    }

    [Fact]
    public async Task Changes_the_caller_makes_to_its_options_between_calls_are_seen_by_the_next_call()
    {
        var (inner, seen) = Recording();
        var client = new AttributingChatClient(inner);
        var options = new ChatOptions { ModelId = "first" }.WithAttribution("search", team: "a");

        await client.GetResponseAsync(Messages, options);
        Assert.Equal("first", inner.LastOptions!.ModelId);

        options.ModelId = "second";
        options.AdditionalProperties![AttributionKeys.Team] = "b";
        options.AdditionalProperties["provider_flag"] = true;
        await client.GetResponseAsync(Messages, options);

        Assert.Equal("second", inner.LastOptions!.ModelId);
        Assert.Equal(new[] { "provider_flag" }, inner.LastOptions.AdditionalProperties!.Keys);
        Assert.Equal(new[] { "a", "b" }, seen.Select(t => t.Team));
    }

    [Fact]
    public async Task Equal_tags_share_one_instance_and_different_tags_never_do()
    {
        var (inner, seen) = Recording();
        var client = new AttributingChatClient(inner);

        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search", team: "a"));
            await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search", team: "b"));
            await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search", team: "a", user: "u1"));
        }

        Assert.Equal(new[] { "a", "b", "a", "a", "b", "a", "a", "b", "a" }, seen.Select(t => t.Team));
        Assert.Equal(new string?[] { null, null, "u1", null, null, "u1", null, null, "u1" }, seen.Select(t => t.User));

        // Back to back with equal tags: one instance.
        seen.Clear();
        await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search", team: "c"));
        await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search", team: "c"));
        Assert.Same(seen[0], seen[1]);
    }

    [Fact]
    public async Task A_scope_merged_with_the_options_gives_each_call_its_own_tags()
    {
        var (inner, seen) = Recording();
        var client = new AttributingChatClient(inner);
        var searchOptions = new ChatOptions().WithAttribution("search");
        var triageOptions = new ChatOptions().WithAttribution("triage", team: "support");

        using (LlmAttribution.Begin("scoped", team: "scope-team", tenant: "acme"))
        {
            await client.GetResponseAsync(Messages, searchOptions);
            await client.GetResponseAsync(Messages, triageOptions);
            await client.GetResponseAsync(Messages, searchOptions);
        }

        using (LlmAttribution.Begin("other", tenant: "globex"))
        {
            await client.GetResponseAsync(Messages, searchOptions);
        }

        Assert.Equal(
            new[] { ("search", "scope-team", "acme"), ("triage", "support", "acme"), ("search", "scope-team", "acme"), ("search", (string?)null, "globex") },
            seen.Select(t => (t.Feature!, t.Team, t.Tenant!)));
    }

    [Fact]
    public async Task Concurrent_calls_with_different_tags_are_each_billed_to_their_own()
    {
        var inner = new ScriptedChatClient();
        var mismatches = new ConcurrentBag<string>();
        inner.OnResponse = async (_, options, _) =>
        {
            var expected = (string)AttributionResolver.InFlight!.OriginalOptions!.AdditionalProperties!["expected"]!;
            await Task.Yield();
            var tags = AttributionResolver.Resolve(options);
            if (tags.Feature != expected || tags.Team != expected + "-team")
            {
                mismatches.Add($"{expected}: {tags.Feature}/{tags.Team}");
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        };
        var client = new AttributingChatClient(inner);
        var shared = Enumerable.Range(0, 4).Select(i => new ChatOptions().WithAttribution("f" + i, team: "f" + i + "-team")).ToArray();
        foreach (var options in shared)
        {
            options.AdditionalProperties!["expected"] = options.AdditionalProperties[AttributionKeys.Feature];
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await client.GetResponseAsync(Messages, shared[(worker + i) % shared.Length]);
            }
        })));

        Assert.Empty(mismatches);
    }

    private static (ScriptedChatClient Inner, List<AttributionTags> Seen) Recording()
    {
        var seen = new List<AttributionTags>();
        var inner = new ScriptedChatClient();
        inner.OnResponse = (_, options, _) =>
        {
            seen.Add(AttributionResolver.Resolve(options));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        };
        return (inner, seen);
    }

    private static ChatOptions FullyPopulated()
    {
        var options = new ChatOptions
        {
            AllowBackgroundResponses = true,
            AllowMultipleToolCalls = false,
            ContinuationToken = ResponseContinuationToken.FromBytes(new byte[] { 1, 2 }),
            ConversationId = "conv",
            FrequencyPenalty = 0.1f,
            Instructions = "be brief",
            MaxOutputTokens = 64,
            ModelId = "gpt-4o-mini",
            PresencePenalty = 0.2f,
            RawRepresentationFactory = _ => null,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.Summary },
            ResponseFormat = ChatResponseFormat.Json,
            Seed = 42,
            StopSequences = new List<string> { "END" },
            Temperature = 0.3f,
            ToolMode = ChatToolMode.Auto,
            Tools = new List<AITool> { AIFunctionFactory.Create(() => 1, "one") },
            TopK = 5,
            TopP = 0.9f,
        }.WithAttribution("search", team: "discovery");
        options.AdditionalProperties!["seed_hint"] = 7;
        return options;
    }

    private sealed class VendorChatOptions : ChatOptions
    {
        public VendorChatOptions()
        {
        }

        private VendorChatOptions(VendorChatOptions other)
            : base(other) => VendorFlag = other.VendorFlag;

        public string? VendorFlag { get; set; }

        public override ChatOptions Clone() => new VendorChatOptions(this);
    }
}
