using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Fixes;

public class ApiKeyAndClampFixTests
{
    [Fact]
    public Task LLM006_reads_the_key_from_the_environment() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyFixAsync<ApiKeyFromEnvironmentCodeFixProvider>(
            Code.OpenAI("""var chat = new ChatClient("gpt-4o-2024-08-06", [|"sk-proj-abc123DEF456ghi789JKL012mno345"|]);"""),
            Code.OpenAI("""var chat = new ChatClient("gpt-4o-2024-08-06", Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable."));"""));

    [Fact]
    public Task LLM006_fix_all_uses_each_providers_variable() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyFixAllAsync<ApiKeyFromEnvironmentCodeFixProvider>(
            Code.OpenAI("""
                        var openAi = [|"sk-1234567890abcdefghijklmnop"|];
                        var anthropic = [|"sk-ant-api03-abcdefghij1234567890KLMNOP"|];
                """),
            Code.OpenAI("""
                        var openAi = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable.");
                        var anthropic = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") ?? throw new InvalidOperationException("Set the ANTHROPIC_API_KEY environment variable.");
                """));

    [Fact]
    public Task LLM006_no_fix_where_a_constant_is_required() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyNoFixAsync<ApiKeyFromEnvironmentCodeFixProvider>(
            Code.OpenAI("""const string Key = [|"sk-1234567890abcdefghijklmnop"|];"""));

    [Fact]
    public Task LLM007_clamps_to_the_maximum() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.ExtensionsAI("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = [|100000|] };"""),
            Code.ExtensionsAI("""var o = new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = 16384 };"""));

    [Fact]
    public Task LLM007_fix_all() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyFixAllAsync<ReplaceValueCodeFixProvider>(
            Code.Anthropic("""
                        var a = new MessageCreateParams { Model = "claude-3-5-haiku-20241022", MaxTokens = [|10000|], Messages = [] };
                        var b = new MessageCreateParams { Model = Model.ClaudeSonnet4_5, MaxTokens = [|100000|], Messages = [] };
                """),
            Code.Anthropic("""
                        var a = new MessageCreateParams { Model = "claude-3-5-haiku-20241022", MaxTokens = 8192, Messages = [] };
                        var b = new MessageCreateParams { Model = Model.ClaudeSonnet4_5, MaxTokens = 64000, Messages = [] };
                """));
}
