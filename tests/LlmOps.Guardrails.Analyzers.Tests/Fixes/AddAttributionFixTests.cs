using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using LlmOps.Guardrails.Analyzers.Tests.Rules;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Fixes;

public class AddAttributionFixTests
{
    [Fact]
    public Task Adds_options_with_the_feature_key() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.ExtensionsAI("""await [|client.GetResponseAsync(messages)|];"""),
            Code.ExtensionsAI("""await client.GetResponseAsync(messages, options: new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "TODO-feature" } });"""));

    [Fact]
    public Task Grows_existing_options() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.ExtensionsAI("""await [|client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10 })|];"""),
            Code.ExtensionsAI("""await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10, AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "TODO-feature" } });"""));

    [Fact]
    public Task Opens_an_attribution_scope_for_OpenAI_calls() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """[|chat.CompleteChat(messages)|];"""),
            Code.OpenAI("""
                        using var attribution = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "TODO-feature");

                """ + MissingOutputCapTests.Setup + """chat.CompleteChat(messages);"""));

    [Fact]
    public Task Sets_the_key_on_an_options_local() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.ExtensionsAI("""
                        var o = new ChatOptions();
                        await [|client.GetResponseAsync(messages, o)|];
                """),
            Code.ExtensionsAI("""
                        var o = new ChatOptions();
                        (o.AdditionalProperties ??= new AdditionalPropertiesDictionary())["llmops.feature"] = "TODO-feature";
                        await client.GetResponseAsync(messages, o);
                """));

    [Fact]
    public Task Opens_a_scope_for_Anthropic_calls() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.Anthropic("""
                        var p = new MessageCreateParams { Model = "claude-sonnet-4-5-20250929", MaxTokens = 100, Messages = [] };
                        [|client.Messages.Create(p)|];
                """),
            Code.Anthropic("""
                        using var attribution = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "TODO-feature");
                        var p = new MessageCreateParams { Model = "claude-sonnet-4-5-20250929", MaxTokens = 100, Messages = [] };
                        client.Messages.Create(p);
                """));

    [Fact]
    public Task Fix_all_opens_one_scope_per_block() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAllAsync<AddAttributionCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """
                        [|chat.CompleteChat(messages)|];
                        [|chat.CompleteChat(messages)|];
                """),
            Code.OpenAI("""
                        using var attribution = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "TODO-feature");

                """ + MissingOutputCapTests.Setup + """
                        chat.CompleteChat(messages);
                        chat.CompleteChat(messages);
                """));

    [Fact]
    public Task Fix_all_for_Extensions_AI_calls() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAllAsync<AddAttributionCodeFixProvider>(
            Code.ExtensionsAI("""
                        await [|client.GetResponseAsync(messages)|];
                        await [|client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10 })|];
                """),
            Code.ExtensionsAI("""
                        await client.GetResponseAsync(messages, options: new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "TODO-feature" } });
                        await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10, AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "TODO-feature" } });
                """));
}
