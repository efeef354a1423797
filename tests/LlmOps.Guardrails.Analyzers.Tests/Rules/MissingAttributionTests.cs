using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class MissingAttributionTests
{
    [Theory]
    [InlineData("""await [|client.GetResponseAsync(messages)|];""")]
    [InlineData("""await [|client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10 })|];""")]
    [InlineData("""var o = new ChatOptions(); await [|client.GetResponseAsync(messages, o)|];""")]
    [InlineData("""await [|client.GetResponseAsync(messages, new ChatOptions { AdditionalProperties = new() { ["llmops.team"] = "payments" } })|];""")]
    [InlineData("""using (LlmAttribution.Begin("search")) { } await [|client.GetResponseAsync(messages)|];""")]
    [InlineData("""await foreach (var update in [|client.GetStreamingResponseAsync(messages)|]) { }""")]
    [InlineData("""var o = new ChatOptions { AdditionalProperties = new() }; await [|client.GetResponseAsync(messages, o)|]; o.AdditionalProperties["llmops.feature"] = "late";""")]
    [InlineData("""var o = new ChatOptions { AdditionalProperties = new() { ["other"] = "llmops.feature" } }; await [|client.GetResponseAsync(messages, o)|];""")]
    public Task Extensions_AI_calls_without_attribution(string body) => new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Fact]
    public Task OpenAI_chat_call_without_attribution() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.OpenAI(MissingOutputCapTests.Setup + """[|chat.CompleteChat(messages)|];"""));

    [Fact]
    public Task Anthropic_call_without_attribution() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.Anthropic("""
                var p = new MessageCreateParams { Model = "claude-sonnet-4-5-20250929", MaxTokens = 100, Messages = [] };
                [|client.Messages.Create(p)|];
            """));

    [Fact]
    public Task Every_required_tag_is_checked()
    {
        var verifier = new Verifier<MissingAttributionAnalyzer>();
        verifier.EditorConfig["llmops.required_tags"] = "feature, team";
        return verifier.VerifyAsync(Code.ExtensionsAI("""
                await [|client.GetResponseAsync(messages, new ChatOptions { AdditionalProperties = new() { ["llmops.feature"] = "search" } })|];
                await client.GetResponseAsync(messages, new ChatOptions { AdditionalProperties = new() { ["llmops.feature"] = "search", ["llmops.team"] = "core" } });
            """));
    }

    [Theory]
    [InlineData("""await client.GetResponseAsync(messages, new ChatOptions { AdditionalProperties = new() { ["llmops.feature"] = "search" } });""")]
    [InlineData("""var o = new ChatOptions(); o.AdditionalProperties = new(); o.AdditionalProperties["llmops.feature"] = "search"; await client.GetResponseAsync(messages, o);""")]
    [InlineData("""var o = new ChatOptions { AdditionalProperties = new() }; o.AdditionalProperties.Add("llmops.feature", "search"); await client.GetResponseAsync(messages, o);""")]
    [InlineData("""using var scope = LlmAttribution.Begin(feature: "search"); await client.GetResponseAsync(messages);""")]
    [InlineData("""using (LlmAttribution.Begin("search")) { await client.GetResponseAsync(messages); }""")]
    [InlineData("""await client.GetResponseAsync(messages, new ChatOptions().WithAttribution(feature: "search"));""")]
    [InlineData("""var o = new ChatOptions().WithAttribution("search"); await client.GetResponseAsync(messages, o);""")]
    [InlineData("""await client.GetResponseAsync(messages, external);""")]
    [InlineData("""using (LlmAttribution.Begin("search")) { if (messages.Count > 0) { await client.GetResponseAsync(messages); } }""")]
    public Task Attributed_calls_are_not_flagged(string body) => new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Fact]
    public Task Feature_attribute_on_the_type() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages);""", attributes: """[LlmFeature("search")]"""));

    [Fact]
    public Task Feature_attribute_on_the_assembly() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages);""", attributes: """[assembly: LlmFeature("search")]"""));

    [Fact]
    public Task Feature_attribute_on_the_method() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI(
            """await client.GetResponseAsync(messages);""",
            members: """[LlmFeature("search")] public Task N(IChatClient client) => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 1 });""",
            attributes: """[assembly: LlmFeature("all")]"""));

    [Fact]
    public Task No_required_tags_disables_the_rule()
    {
        var verifier = new Verifier<MissingAttributionAnalyzer>();
        verifier.EditorConfig["llmops.required_tags"] = "";
        return verifier.VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages);"""));
    }

    [Fact]
    public Task Generated_code_is_not_analysed() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync("// <auto-generated/>\n" + Code.ExtensionsAI("""await client.GetResponseAsync(messages);"""));
}
