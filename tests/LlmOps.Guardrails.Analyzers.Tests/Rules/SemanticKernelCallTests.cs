using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>Semantic Kernel's IChatCompletionService calls for LLM002 (MaxTokens) and LLM003 (attribution).</summary>
public class SemanticKernelCallTests
{
    private const string Feature = """[LlmFeature("triage")]""";

    [Theory]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history)|];""")]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" })|];""")]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history, null)|];""")]
    [InlineData("""await [|chat.GetChatMessageContentAsync("hi")|];""")]
    [InlineData("""await foreach (var chunk in [|chat.GetStreamingChatMessageContentsAsync(history)|]) { }""")]
    [InlineData("""var s = new OpenAIPromptExecutionSettings(); await [|chat.GetChatMessageContentsAsync(history, s)|];""")]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history, new PromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" })|];""")]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history, executionSettings: new OpenAIPromptExecutionSettings { ModelId = null })|];""")]
    public Task Calls_without_MaxTokens_are_flagged(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.SemanticKernelChat(body, Feature));

    [Theory]
    [InlineData("""await chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 300 });""")]
    [InlineData("""var s = new OpenAIPromptExecutionSettings(); s.MaxTokens = 300; await chat.GetChatMessageContentsAsync(history, s);""")]
    [InlineData("""await chat.GetChatMessageContentsAsync(history, external);""")]
    [InlineData("""await chat.GetChatMessageContentAsync("hi", new OpenAIPromptExecutionSettings { MaxTokens = 10 });""")]
    [InlineData("""await chat.GetChatMessageContentsAsync(history, Settings());""")]
    [InlineData("""history.AddUserMessage("hi");""")]
    [InlineData("""var s = new OpenAIPromptExecutionSettings { MaxTokens = 50 }; await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(history, s)) { }""")]
    [InlineData("""PromptExecutionSettings? none = external; await chat.GetChatMessageContentsAsync(history, none);""")]
    public Task Capped_or_external_settings_are_not_flagged(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.SemanticKernelChat(body, Feature, Members));

    private const string Members = "private static PromptExecutionSettings Settings() => new OpenAIPromptExecutionSettings { MaxTokens = 5 };";

    [Fact]
    public Task Fix_adds_connector_settings_when_none_are_passed() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.SemanticKernelChat("""await [|chat.GetChatMessageContentsAsync(history)|];""", Feature),
            Code.SemanticKernelChat("""await chat.GetChatMessageContentsAsync(history, executionSettings: new OpenAIPromptExecutionSettings { MaxTokens = 1024 });""", Feature));

    [Fact]
    public Task Fix_adds_MaxTokens_to_inline_connector_settings() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.SemanticKernelChat("""await [|chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" })|];""", Feature),
            Code.SemanticKernelChat("""await chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06", MaxTokens = 1024 });""", Feature));

    [Fact]
    public async Task Base_settings_are_reported_without_a_fix()
    {
        var verifier = new Verifier<MissingOutputCapAnalyzer>();
        var diagnostics = await verifier.DiagnosticsAsync(Code.SemanticKernelChat(
            """await [|chat.GetChatMessageContentsAsync(history, new PromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" })|];""", Feature));
        Assert.False(diagnostics[0].Properties.ContainsKey(DiagnosticProperties.CapProperty));
    }

    [Theory]
    [InlineData("""await [|chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 300 })|];""")]
    [InlineData("""await [|chat.GetChatMessageContentAsync("hi", new OpenAIPromptExecutionSettings { MaxTokens = 10 })|];""")]
    public Task Unattributed_calls_are_flagged(string body) =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.SemanticKernelChat(body));

    [Theory]
    [InlineData("""using (LlmAttribution.Begin("triage")) { await chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 300 }); }""", "")]
    [InlineData("""await chat.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 300 });""", Feature)]
    public Task Attributed_calls_are_not_flagged(string body, string attributes) =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.SemanticKernelChat(body, attributes));
}
