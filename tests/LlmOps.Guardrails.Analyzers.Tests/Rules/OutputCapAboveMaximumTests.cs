using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class OutputCapAboveMaximumTests
{
    [Theory]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = [|100000|] };""")]
    [InlineData("""const int Cap = 50000; var o = new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = [|Cap|] };""")]
    [InlineData("""var o = new ChatOptions { MaxOutputTokens = [|20000|], ModelId = "gpt-4o-mini" };""")]
    public Task Extensions_AI(string body) => new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Theory]
    [InlineData("""var o = new CreateResponseOptions { Model = "gpt-4o", MaxOutputTokenCount = [|20000|] };""")]
    [InlineData("""var chat = new ChatClient("gpt-4o", "key"); chat.CompleteChat(new List<ChatMessage>(), new ChatCompletionOptions { MaxOutputTokenCount = [|50000|] });""")]
    [InlineData("""var chat = new OpenAIClient("key").GetChatClient("gpt-4-turbo"); var o = new ChatCompletionOptions(); o.MaxOutputTokenCount = [|8000|]; chat.CompleteChat(new List<ChatMessage>(), o);""")]
    public Task OpenAI(string body) => new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Theory]
    [InlineData("""var p = new MessageCreateParams { Model = "claude-3-5-haiku-20241022", MaxTokens = [|10000|], Messages = [] };""")]
    [InlineData("""var p = new MessageCreateParams { Model = Model.ClaudeSonnet4_5, MaxTokens = [|100000|], Messages = [] };""")]
    public Task Anthropic(string body) => new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.Anthropic(body));

    [Fact]
    public Task Semantic_Kernel() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.SemanticKernel("""var s = new OpenAIPromptExecutionSettings { ModelId = "gpt-4o", MaxTokens = [|32000|] };"""));

    [Theory]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = 1000 };""")]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = 16384 };""")]
    [InlineData("""var o = new ChatOptions { ModelId = "acme-model", MaxOutputTokens = 1000000 };""")]
    [InlineData("""var o = new ChatOptions { ModelId = Environment.GetEnvironmentVariable("MODEL"), MaxOutputTokens = 1000000 };""")]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = int.Parse(Environment.GetEnvironmentVariable("CAP")!) };""")]
    [InlineData("""var o = new ChatOptions { ModelId = "gpt-5.5-2026-04-23", MaxOutputTokens = 1000000 };""")]
    [InlineData("""var o = new ChatOptions { MaxOutputTokens = 1000000 };""")]
    [InlineData("""var m = nameof(client); var o = new ChatOptions { ModelId = m, MaxOutputTokens = 1000000 };""")]
    public Task Not_flagged(string body) => new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.ExtensionsAI(body));

    [Fact]
    public Task Azure_deployment_is_not_judged() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.OpenAI("""
                var chat = new Azure.AI.OpenAI.AzureOpenAIClient(new Uri("https://x.openai.azure.com"), new System.ClientModel.ApiKeyCredential("k")).GetChatClient("gpt-4o");
                chat.CompleteChat(new List<ChatMessage>(), new ChatCompletionOptions { MaxOutputTokenCount = 50000 });
            """));

    [Fact]
    public Task Generated_code_is_not_analysed() =>
        new Verifier<OutputCapAboveMaximumAnalyzer> { FileName = "Options.g.cs" }.VerifyAsync(Code.ExtensionsAI("""var o = new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 100000 };"""));
}
