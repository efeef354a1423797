using System.Text.Json;
using LlmOps.Guardrails.Eval.Cassettes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Tests.Cassettes;

public class CassetteKeyTests
{
    private static List<ChatMessage> Messages(string user = "Summarise: the meeting moved to Tuesday.") => new()
    {
        new ChatMessage(ChatRole.System, "You are terse."),
        new ChatMessage(ChatRole.User, user),
    };

    private static ChatOptions Options(Action<ChatOptions>? change = null)
    {
        var options = new ChatOptions
        {
            ModelId = "gpt-4o-mini-2024-07-18",
            Temperature = 0.7f,
            MaxOutputTokens = 256,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["user_tier"] = "gold", ["beta"] = true },
        };
        change?.Invoke(options);
        return options;
    }

    private static string Key(ChatOptions options, List<ChatMessage>? messages = null) => CassetteKey.Compute(messages ?? Messages(), options);

    [Fact]
    public void Key_is_pinned_so_cassettes_survive_machines_and_library_versions()
    {
        // If this changes, every committed cassette misses: bump CassetteKey.Version and say so in docs/eval-cassettes.md.
        var key = Key(Options());
        Assert.Matches("^sha256:[0-9a-f]{64}$", key);
        Assert.Equal(PinnedKey, key);
    }

    // Recomputed outside .NET: sha256 of the UTF-8 text
    // {"model":"gpt-4o-mini-2024-07-18","request":{"messages":[{"role":"system","text":"You are terse."},{"role":"user","text":"Summarise: the meeting moved to Tuesday."}],"options":{"additional":{"beta":true,"user_tier":"gold"},"max_output_tokens":256,"temperature":0.7}},"v":1}
    internal const string PinnedKey = "sha256:793101b55687dc679818b8aa55e31bd0bc59941a0e559445842f788525abd984";

    [Fact]
    public void Key_ignores_additional_property_order_and_attribution_keys()
    {
        var reordered = Options(o => o.AdditionalProperties = new AdditionalPropertiesDictionary
        {
            ["llmops.feature"] = "summaries",
            ["beta"] = true,
            ["llmops.eval.case"] = "c-17",
            ["llmops.eval.prompt"] = "summarise",
            ["user_tier"] = "gold",
            ["llmops.tenant"] = "acme",
        });
        Assert.Equal(Key(Options()), Key(reordered));
    }

    [Fact]
    public void Key_changes_with_what_changes_the_output()
    {
        var baseline = Key(Options());
        var variants = new Dictionary<string, string>
        {
            ["temperature"] = Key(Options(o => o.Temperature = 0.8f)),
            ["max tokens"] = Key(Options(o => o.MaxOutputTokens = 257)),
            ["top_p"] = Key(Options(o => o.TopP = 0.9f)),
            ["seed"] = Key(Options(o => o.Seed = 1)),
            ["stop"] = Key(Options(o => o.StopSequences = new List<string> { "END" })),
            ["model"] = Key(Options(o => o.ModelId = "gpt-4o-2024-08-06")),
            ["response format"] = Key(Options(o => o.ResponseFormat = ChatResponseFormat.Json)),
            ["tools"] = Key(Options(o => o.Tools = new List<AITool> { AIFunctionFactory.Create((string city) => city, "weather", "Gets the weather") })),
            ["extra property"] = Key(Options(o => o.AdditionalProperties!["user_tier"] = "silver")),
            ["message text"] = Key(Options(), Messages("Summarise: the meeting moved to Monday.")),
            ["message role"] = Key(Options(), new List<ChatMessage> { new(ChatRole.User, "You are terse."), new(ChatRole.User, "Summarise: the meeting moved to Tuesday.") }),
            ["message count"] = Key(Options(), Messages().Take(1).ToList()),
        };

        foreach (var (name, key) in variants)
        {
            Assert.True(baseline != key, name + " did not change the key");
        }

        Assert.Equal(variants.Count, variants.Values.Distinct().Count());
    }

    [Fact]
    public void Default_model_stands_in_when_options_name_none()
    {
        var withDefault = CassetteKey.Compute(Messages(), Options(o => o.ModelId = null), defaultModelId: "gpt-4o-mini-2024-07-18");
        Assert.Equal(Key(Options()), withDefault);
    }

    [Fact]
    public void Request_object_is_readable_canonical_json()
    {
        var request = CassetteKey.BuildRequest(Messages(), Options(o => o.StopSequences = new List<string> { "\n" }));
        Assert.Equal(
            "{\"messages\":[{\"role\":\"system\",\"text\":\"You are terse.\"},{\"role\":\"user\",\"text\":\"Summarise: the meeting moved to Tuesday.\"}],"
            + "\"options\":{\"additional\":{\"beta\":true,\"user_tier\":\"gold\"},\"max_output_tokens\":256,\"stop\":[\"\\n\"],\"temperature\":0.7}}",
            CanonicalJson.Write(request));
        Assert.Equal("{\"a\":\"é<>&'\"}", CanonicalJson.Write(System.Text.Json.Nodes.JsonNode.Parse("{\"a\":\"é<>&'\"}")));
    }
}
