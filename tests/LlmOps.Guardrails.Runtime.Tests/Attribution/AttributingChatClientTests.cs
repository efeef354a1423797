using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Attribution;

public class AttributingChatClientTests
{
    private static readonly ChatMessage[] Messages = { new(ChatRole.User, "hi") };

    /// <summary>An inner client that records what AttributionResolver says while it runs.</summary>
    private static (ScriptedChatClient Inner, List<AttributionTags> Seen) Recording()
    {
        var seen = new List<AttributionTags>();
        var inner = new ScriptedChatClient();
        inner.OnResponse = async (_, options, _) =>
        {
            seen.Add(AttributionResolver.Resolve(options));
            await Task.Yield();
            seen.Add(AttributionResolver.Resolve(options));
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        };
        return (inner, seen);
    }

    [Fact]
    [LlmFeature("from-attribute", Team = "attribute-team")]
    public async Task Options_keys_win_over_the_scope_which_wins_over_the_attribute()
    {
        var (inner, seen) = Recording();
        var client = new AttributingChatClient(inner);
        using (LlmAttribution.Begin("from-scope", team: "scope-team", tenant: "acme", user: "u-1"))
        {
            await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("from-options", promptId: "triage", promptVersion: "4"));
        }

        Assert.Equal(2, seen.Count);
        foreach (var tags in seen)
        {
            Assert.Equal("from-options", tags.Feature);
            Assert.Equal("scope-team", tags.Team);
            Assert.Equal("acme", tags.Tenant);
            Assert.Equal("u-1", tags.User);
            Assert.Equal("triage", tags.PromptId);
            Assert.Equal("4", tags.PromptVersion);
        }
    }

    [Fact]
    [LlmFeature("from-attribute", Team = "attribute-team")]
    public async Task The_scope_wins_over_the_attribute_and_the_attribute_fills_nothing_once_a_feature_is_known()
    {
        var (inner, seen) = Recording();
        using (LlmAttribution.Begin("from-scope"))
        {
            await new AttributingChatClient(inner).GetResponseAsync(Messages);
        }

        Assert.All(seen, tags => Assert.Equal(("from-scope", (string?)null), (tags.Feature, tags.Team)));
    }

    [Fact]
    [LlmFeature("method-feature", Team = "method-team")]
    public async Task The_attribute_on_the_calling_method_is_used_when_nothing_else_attributes_the_call()
    {
        var (inner, seen) = Recording();
        await new AttributingChatClient(inner).GetResponseAsync(Messages);
        Assert.All(seen, tags => Assert.Equal(("method-feature", "method-team"), (tags.Feature, tags.Team)));
    }

    [Fact]
    public async Task The_attribute_on_an_async_method_is_found_after_an_await()
    {
        var (inner, seen) = Recording();
        await MarkedAsyncCaller.CallAfterAwaitAsync(new AttributingChatClient(inner));
        Assert.All(seen, tags => Assert.Equal("async-method-feature", tags.Feature));
    }

    [Fact]
    public async Task The_attribute_on_the_declaring_type_or_an_enclosing_type_is_used()
    {
        var (inner, seen) = Recording();
        await MarkedType.Nested.CallAsync(new AttributingChatClient(inner));
        await MarkedType.CallAsync(new AttributingChatClient(inner));
        Assert.Equal(4, seen.Count);
        Assert.All(seen, tags => Assert.Equal(("type-feature", "type-team"), (tags.Feature, tags.Team)));
    }

    [Fact]
    public void The_attribute_on_the_assembly_is_used_for_its_methods()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("LlmOpsAttributedAssembly"), AssemblyBuilderAccess.Run);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(typeof(LlmFeatureAttribute).GetConstructor(new[] { typeof(string) })!, new object[] { "assembly-feature" }));
        var module = assembly.DefineDynamicModule("main");
        var type = module.DefineType("Caller", TypeAttributes.Public);
        var method = type.DefineMethod("Call", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        method.GetILGenerator().Emit(OpCodes.Ret);
        var created = type.CreateType();

        var tags = CallerFeatureResolver.Lookup(created.GetMethod("Call")!);
        Assert.Equal("assembly-feature", tags?.Feature);
        Assert.Null(CallerFeatureResolver.Lookup(typeof(AttributingChatClientTests).GetMethod(nameof(The_attribute_on_the_assembly_is_used_for_its_methods))!));
    }

    [Fact]
    public async Task Unattributed_calls_go_out_unattributed_or_fail_when_a_feature_is_required()
    {
        var (inner, seen) = Recording();
        await new AttributingChatClient(inner).GetResponseAsync(Messages);
        Assert.All(seen, tags => Assert.Null(tags.Feature));

        var strict = new AttributingChatClient(inner, new AttributionOptions { RequireFeature = true });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => strict.GetResponseAsync(Messages));
        Assert.Contains("llmops.feature", error.Message);
        Assert.Contains("LlmAttribution.Begin", error.Message);
        Assert.Contains("[LlmFeature", error.Message);
        Assert.Throws<InvalidOperationException>(() => strict.GetStreamingResponseAsync(Messages));
        Assert.Equal(1, inner.Calls);

        using (LlmAttribution.Begin("ok"))
        {
            await strict.GetResponseAsync(Messages);
        }

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Llmops_keys_are_removed_from_a_copy_and_the_callers_options_are_untouched()
    {
        var inner = new ScriptedChatClient();
        object? seenDownstream = null;
        inner.OnResponse = (_, options, _) =>
        {
            AttributionResolver.TryGetCallOption(options, "llmops.cache.bypass", out seenDownstream);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        };
        var options = new ChatOptions { ModelId = "gpt-4o", Temperature = 0.2f }.WithAttribution("search", team: "discovery");
        options.AdditionalProperties!["llmops.cache.bypass"] = true;
        options.AdditionalProperties["reasoning_effort"] = "low";

        await new AttributingChatClient(inner).GetResponseAsync(Messages, options);

        var sent = inner.LastOptions!;
        Assert.NotSame(options, sent);
        Assert.Equal("gpt-4o", sent.ModelId);
        Assert.Equal(0.2f, sent.Temperature);
        Assert.Equal(new[] { "reasoning_effort" }, sent.AdditionalProperties!.Keys);
        Assert.Equal(true, seenDownstream);

        Assert.Equal(4, options.AdditionalProperties.Count);
        Assert.False(AttributionResolver.TryGetCallOption(null, "llmops.cache.bypass", out _));
        Assert.True(AttributionResolver.TryGetCallOption(options, "llmops.cache.bypass", out var direct));
        Assert.Equal(true, direct);
        Assert.Equal("search", options.AdditionalProperties[AttributionKeys.Feature]);
        Assert.Equal("discovery", options.AdditionalProperties[AttributionKeys.Team]);
    }

    [Fact]
    public async Task Options_with_only_llmops_keys_lose_their_property_bag_and_options_without_them_pass_as_they_are()
    {
        var inner = new ScriptedChatClient();
        var client = new AttributingChatClient(inner);

        await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("search"));
        Assert.Null(inner.LastOptions!.AdditionalProperties);

        var plain = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["seed_hint"] = 1 } };
        await client.GetResponseAsync(Messages, plain);
        Assert.Same(plain, inner.LastOptions);

        await client.GetResponseAsync(Messages, null);
        Assert.Null(inner.LastOptions);
    }

    [Fact]
    public async Task Non_string_values_are_formatted_with_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var (inner, seen) = Recording();
            var options = new ChatOptions
            {
                AdditionalProperties = new AdditionalPropertiesDictionary
                {
                    [AttributionKeys.Feature] = "search",
                    [AttributionKeys.PromptVersion] = 1.5,
                    [AttributionKeys.PromptId] = 42,
                    [AttributionKeys.Team] = "  ",
                },
            };
            await new AttributingChatClient(inner).GetResponseAsync(Messages, options);
            Assert.All(seen, tags => Assert.Equal(("1.5", "42", (string?)null), (tags.PromptVersion, tags.PromptId, tags.Team)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Streaming_keeps_the_tags_for_every_step_of_the_inner_stream_and_only_there()
    {
        var seen = new List<AttributionTags>();
        var inner = new ScriptedChatClient { OnStream = (_, options, ct) => Steps(options, seen, ct) };
        var client = new AttributingChatClient(inner);
        var consumerSaw = new List<AttributionTags>();

        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Messages, new ChatOptions().WithAttribution("streamed", team: "t")))
        {
            count++;
            consumerSaw.Add(AttributionResolver.Resolve(null));
            await Task.Delay(1);
        }

        Assert.Equal(3, count);
        Assert.Equal(4, seen.Count);
        Assert.All(seen, tags => Assert.Equal(("streamed", "t"), (tags.Feature, tags.Team)));
        Assert.All(consumerSaw, tags => Assert.Same(AttributionTags.None, tags));
        Assert.Same(AttributionTags.None, AttributionResolver.Resolve(null));
        Assert.Null(inner.LastOptions!.AdditionalProperties);
    }

    [Fact]
    public async Task The_call_in_flight_is_restored_after_the_call_and_nested_middleware_agrees()
    {
        var (inner, seen) = Recording();
        var client = new AttributingChatClient(new AttributingChatClient(inner));
        using (LlmAttribution.Begin("outer-scope", team: "scope-team"))
        {
            await client.GetResponseAsync(Messages, new ChatOptions().WithAttribution("inner"));
            Assert.Equal("outer-scope", AttributionResolver.Resolve(null).Feature);
            Assert.Equal("opt", AttributionResolver.Resolve(new ChatOptions().WithAttribution("opt")).Feature);
            Assert.Equal("scope-team", AttributionResolver.Resolve(new ChatOptions().WithAttribution("opt")).Team);
        }

        Assert.All(seen, tags => Assert.Equal(("inner", "scope-team"), (tags.Feature, tags.Team)));
        Assert.Null(AttributionResolver.InFlight);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Steps(ChatOptions? options, List<AttributionTags> seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            seen.Add(AttributionResolver.Resolve(options));
            await Task.Delay(1, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "part " + i);
        }

        seen.Add(AttributionResolver.Resolve(options));
    }
}

internal static class MarkedAsyncCaller
{
    [LlmFeature("async-method-feature")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task CallAfterAwaitAsync(IChatClient client)
    {
        await Task.Yield();
        await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "hi") });
    }
}

[LlmFeature("type-feature", Team = "type-team")]
internal static class MarkedType
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task CallAsync(IChatClient client) => client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "hi") });

    public static class Nested
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Task CallAsync(IChatClient client) => client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "hi") });
    }
}
