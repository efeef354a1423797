using System.Text.Json;
using LlmOps.Guardrails.Runtime.Caching;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Caching;

public class ResponseCacheKeyTests
{
    private static List<ChatMessage> Messages(string user = "What is 2+2?") => new()
    {
        new ChatMessage(ChatRole.System, "You are terse."),
        new ChatMessage(ChatRole.User, user),
    };

    private static ChatOptions Options() => new()
    {
        ModelId = "gpt-4o-mini-2024-07-18",
        Temperature = 0.2f,
        MaxOutputTokens = 200,
        Tools = new List<AITool> { AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Weather for a city") },
    };

    private static string Key(IEnumerable<ChatMessage> messages, ChatOptions? options, string? partition = null) =>
        ResponseCacheKey.Compute(messages, options, partition);

    [Fact]
    public void Same_request_with_different_attribution_keys_has_the_same_key()
    {
        var a = Options().WithAttribution("triage", team: "support", user: "u1", promptId: "p", promptVersion: "1");
        var b = Options().WithAttribution("search", team: "discovery", user: "u2");
        var c = Options();

        Assert.Equal(Key(Messages(), a), Key(Messages(), b));
        Assert.Equal(Key(Messages(), a), Key(Messages(), c));
    }

    [Fact]
    public void Key_is_stable_and_shaped()
    {
        var key = Key(Messages(), Options());
        Assert.Equal(key, Key(Messages(), Options()));
        Assert.StartsWith("llmops:v1:~:", key);
        Assert.Equal("llmops:v1:~:".Length + 64, key.Length);
    }

    public static IEnumerable<object[]> Changes() => new[]
    {
        new object[] { "model", (Action<ChatOptions>)(o => o.ModelId = "gpt-4o-2024-08-06") },
        new object[] { "temperature", (Action<ChatOptions>)(o => o.Temperature = 0.3f) },
        new object[] { "max tokens", (Action<ChatOptions>)(o => o.MaxOutputTokens = 201) },
        new object[] { "top p", (Action<ChatOptions>)(o => o.TopP = 0.9f) },
        new object[] { "seed", (Action<ChatOptions>)(o => o.Seed = 7) },
        new object[] { "stop", (Action<ChatOptions>)(o => o.StopSequences = new List<string> { "END" }) },
        new object[] { "instructions", (Action<ChatOptions>)(o => o.Instructions = "Be kind.") },
        new object[] { "json format", (Action<ChatOptions>)(o => o.ResponseFormat = ChatResponseFormat.Json) },
        new object[] { "json schema", (Action<ChatOptions>)(o => o.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("{\"type\":\"object\"}").RootElement, "answer")) },
        new object[] { "tool mode", (Action<ChatOptions>)(o => o.ToolMode = ChatToolMode.RequireAny) },
        new object[] { "tool name", (Action<ChatOptions>)(o => o.Tools = new List<AITool> { AIFunctionFactory.Create((string city) => "sunny", "get_forecast", "Weather for a city") }) },
        new object[] { "tool description", (Action<ChatOptions>)(o => o.Tools = new List<AITool> { AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Weather for a town") }) },
        new object[] { "tool schema", (Action<ChatOptions>)(o => o.Tools = new List<AITool> { AIFunctionFactory.Create((string city, int days) => "sunny", "get_weather", "Weather for a city") }) },
        new object[] { "no tools", (Action<ChatOptions>)(o => o.Tools = null) },
        new object[] { "provider property", (Action<ChatOptions>)(o => (o.AdditionalProperties ??= new())["logprobs"] = true) },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Any_option_or_tool_change_changes_the_key(string what, Action<ChatOptions> change)
    {
        var changed = Options();
        change(changed);
        Assert.True(Key(Messages(), Options()) != Key(Messages(), changed), what);
    }

    [Fact]
    public void Any_message_change_changes_the_key()
    {
        var baseline = Key(Messages(), Options());
        Assert.NotEqual(baseline, Key(Messages("What is 2+3?"), Options()));
        Assert.NotEqual(baseline, Key(Messages().Take(1), Options()));

        var otherRole = Messages();
        otherRole[1] = new ChatMessage(ChatRole.Assistant, "What is 2+2?");
        Assert.NotEqual(baseline, Key(otherRole, Options()));

        var withImage = Messages();
        withImage[1].Contents.Add(new DataContent(new byte[] { 1, 2, 3 }, "image/png"));
        Assert.NotEqual(baseline, Key(withImage, Options()));

        var otherImage = Messages();
        otherImage[1].Contents.Add(new DataContent(new byte[] { 1, 2, 4 }, "image/png"));
        Assert.NotEqual(Key(withImage, Options()), Key(otherImage, Options()));

        var split = Messages();
        split[1] = new ChatMessage(ChatRole.User, new List<AIContent> { new TextContent("What is "), new TextContent("2+2?") });
        Assert.NotEqual(baseline, Key(split, Options()));
    }

    [Fact]
    public void Default_model_stands_in_for_a_missing_model_id()
    {
        var options = Options();
        options.ModelId = null;
        Assert.NotEqual(ResponseCacheKey.Compute(Messages(), options, null, "a"), ResponseCacheKey.Compute(Messages(), options, null, "b"));
        Assert.Equal(Key(Messages(), Options()), ResponseCacheKey.Compute(Messages(), options, null, "gpt-4o-mini-2024-07-18"));
    }

    [Fact]
    public void Additional_properties_order_does_not_matter()
    {
        var a = Options();
        a.AdditionalProperties = new() { ["x"] = 1, ["y"] = "two" };
        var b = Options();
        b.AdditionalProperties = new() { ["y"] = "two", ["x"] = 1 };
        Assert.Equal(Key(Messages(), a), Key(Messages(), b));
    }

    [Fact]
    public void Partitions_never_share_a_key()
    {
        var none = Key(Messages(), Options(), null);
        var acme = Key(Messages(), Options(), "acme");
        var globex = Key(Messages(), Options(), "globex");
        var tilde = Key(Messages(), Options(), "~");
        Assert.Equal(4, new HashSet<string> { none, acme, globex, tilde }.Count);
        Assert.Contains(":t=acme:", acme);
    }
}
