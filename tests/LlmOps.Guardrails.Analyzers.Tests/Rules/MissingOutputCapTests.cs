using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class MissingOutputCapTests
{
    internal const string Setup = """
                var chat = new ChatClient("gpt-4o-2024-08-06", "key");
                var messages = new List<ChatMessage> { new UserChatMessage("hi") };
        """;

    [Theory]
    [InlineData("""[|chat.CompleteChat(messages)|];""")]
    [InlineData("""[|chat.CompleteChat(messages, new ChatCompletionOptions { Temperature = 0.2f })|];""")]
    [InlineData("""[|chat.CompleteChat(messages, null)|];""")]
    [InlineData("""var o = new ChatCompletionOptions(); [|chat.CompleteChat(messages, o)|];""")]
    [InlineData("""_ = [|chat.CompleteChatAsync(messages)|];""")]
    [InlineData("""[|chat.CompleteChatStreaming(messages)|];""")]
    [InlineData("""[|chat.CompleteChat(new UserChatMessage("hi"))|];""")]
    [InlineData("""[|new ResponsesClient("key").CreateResponse("gpt-4o-2024-08-06", "hi")|];""")]
    [InlineData("""var o = new ChatCompletionOptions(); [|chat.CompleteChat(messages, o)|]; o.MaxOutputTokenCount = 10;""")]
    [InlineData("""[|new ResponsesClient("key").CreateResponse(new CreateResponseOptions { Model = "gpt-4o-2024-08-06" })|];""")]
    public Task OpenAI_calls_without_a_cap(string body) => new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.OpenAI(Setup + body));

    [Theory]
    [InlineData("""await [|client.GetResponseAsync(messages)|];""")]
    [InlineData("""await [|client.GetResponseAsync("hi", new ChatOptions { Temperature = 0 })|];""")]
    [InlineData("""await foreach (var update in [|client.GetStreamingResponseAsync(messages)|]) { }""")]
    public Task Extensions_AI_calls_without_a_cap(string body) => new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Theory]
    [InlineData("""chat.CompleteChat(messages, new ChatCompletionOptions { MaxOutputTokenCount = 500 });""")]
    [InlineData("""var o = new ChatCompletionOptions(); o.MaxOutputTokenCount = 500; chat.CompleteChat(messages, o);""")]
    [InlineData("""chat.CompleteChat(messages, Options());""")]
    [InlineData("""chat.CompleteChat(messages, Shared);""")]
    [InlineData("""new ResponsesClient("key").CreateResponse(new CreateResponseOptions { Model = "gpt-4o-2024-08-06", MaxOutputTokenCount = 100 });""")]
    [InlineData("""CompleteChat(messages);""")]
    public Task OpenAI_not_flagged(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.OpenAI(Setup + body, """
                private static readonly ChatCompletionOptions Shared = new ChatCompletionOptions { MaxOutputTokenCount = 10 };
                private static ChatCompletionOptions Options() => new() { MaxOutputTokenCount = 10 };
                private static void CompleteChat(List<ChatMessage> messages) { }
            """));

    [Theory]
    [InlineData("""await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 100 });""")]
    [InlineData("""await client.GetResponseAsync(messages, external);""")]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06" }; o.MaxOutputTokens = 100; await client.GetResponseAsync(messages, o);""")]
    [InlineData("""await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 100 }.WithAttribution("checkout"));""")]
    public Task Extensions_AI_not_flagged(string body) => new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Fact]
    public Task Anthropic_requires_max_tokens_so_no_LLM002() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.Anthropic("""client.Messages.Create(new MessageCreateParams { Model = "claude-sonnet-4-5-20250929", MaxTokens = 100, Messages = [] });"""));

    [Fact]
    public Task Generated_code_is_not_analysed() =>
        new Verifier<MissingOutputCapAnalyzer> { FileName = "Calls.g.cs" }.VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages);"""));
}
