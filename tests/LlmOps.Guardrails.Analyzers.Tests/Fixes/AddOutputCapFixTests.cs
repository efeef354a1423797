using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using LlmOps.Guardrails.Analyzers.Tests.Rules;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Fixes;

public class AddOutputCapFixTests
{
    [Fact]
    public Task Adds_options_to_an_Extensions_AI_call() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.ExtensionsAI("""await [|client.GetResponseAsync(messages)|];"""),
            Code.ExtensionsAI("""await client.GetResponseAsync(messages, options: new ChatOptions { MaxOutputTokens = 1024 });"""));

    [Fact]
    public Task Grows_an_existing_initializer() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """[|chat.CompleteChat(messages, new ChatCompletionOptions { Temperature = 0.2f })|];"""),
            Code.OpenAI(MissingOutputCapTests.Setup + """chat.CompleteChat(messages, new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 1024 });"""));

    [Fact]
    public Task Adds_an_initializer_to_a_bare_creation() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.ExtensionsAI("""await [|client.GetResponseAsync("hi", new ChatOptions())|];"""),
            Code.ExtensionsAI("""await client.GetResponseAsync("hi", new ChatOptions() { MaxOutputTokens = 1024 });"""));

    [Fact]
    public Task Sets_the_cap_on_an_options_local_with_the_configured_value()
    {
        var verifier = new Verifier<MissingOutputCapAnalyzer>();
        verifier.EditorConfig["llmops.default_max_output_tokens"] = "256";
        return verifier.VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """
                        var o = new ChatCompletionOptions();
                        [|chat.CompleteChat(messages, o)|];
                """),
            Code.OpenAI(MissingOutputCapTests.Setup + """
                        var o = new ChatCompletionOptions();
                        o.MaxOutputTokenCount = 256;
                        chat.CompleteChat(messages, o);
                """));
    }

    [Fact]
    public Task Replaces_null_options() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """[|chat.CompleteChat(messages, null)|];"""),
            Code.OpenAI(MissingOutputCapTests.Setup + """chat.CompleteChat(messages, new ChatCompletionOptions { MaxOutputTokenCount = 1024 });"""));

    [Fact]
    public Task No_fix_for_the_params_overload() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyNoFixAsync<AddOutputCapCodeFixProvider>(
            Code.OpenAI(MissingOutputCapTests.Setup + """[|chat.CompleteChat(new UserChatMessage("hi"))|];"""));

    [Fact]
    public Task Fix_all() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAllAsync<AddOutputCapCodeFixProvider>(
            Code.ExtensionsAI("""
                        await [|client.GetResponseAsync(messages)|];
                        await [|client.GetResponseAsync("hi", new ChatOptions { Temperature = 0 })|];
                """),
            Code.ExtensionsAI("""
                        await client.GetResponseAsync(messages, options: new ChatOptions { MaxOutputTokens = 1024 });
                        await client.GetResponseAsync("hi", new ChatOptions { Temperature = 0, MaxOutputTokens = 1024 });
                """));
}
