using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class DeprecatedModelTests
{
    [Theory]
    [InlineData("""var chat = new ChatClient([|"gpt-5-2025-08-07"|], "key");""")]
    [InlineData("""var chat = new ChatClient([|"gpt-4-turbo-2024-04-09"|], "key");""")]
    [InlineData("""var chat = new OpenAIClient("key").GetChatClient([|"gpt-3.5-turbo"|]);""")]
    [InlineData("""const string Model = "o3-2025-04-16"; var chat = new ChatClient([|Model|], "key");""")]
    [InlineData("""var model = "gpt-5-mini"; var chat = new ChatClient([|model|], "key");""")]
    [InlineData("""new ResponsesClient("key").CreateResponse([|"gpt-5-nano-2025-08-07"|], "hello");""")]
    [InlineData("""var options = new CreateResponseOptions { Model = [|"gpt-4-turbo"|] };""")]
    [InlineData("""var chat = new ChatClient([|"openai/gpt-5-pro"|], "key");""")]
    public Task Deprecated_and_retired_models_are_flagged(string body) => new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Fact]
    public Task Anthropic_retired_model() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(Code.Anthropic("""var p = new MessageCreateParams { Model = [|"claude-3-5-haiku-latest"|], MaxTokens = 100, Messages = [] };"""));

    [Fact]
    public async Task Severity_is_error_after_retirement_and_warning_before()
    {
        var diagnostics = await new Verifier<DeprecatedModelAnalyzer>().DiagnosticsAsync(Code.OpenAI("""
            var a = new ChatClient([|"gpt-4-turbo-2024-04-09"|], "key");
            var b = new ChatClient([|"gpt-5-2025-08-07"|], "key");
            """));
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Contains("was retired on 2026-10-23", diagnostics[0].GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[1].Severity);
        Assert.Contains("retires on 2026-12-11; move to 'gpt-5.5'", diagnostics[1].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analysis_date_is_configurable()
    {
        var verifier = new Verifier<DeprecatedModelAnalyzer>();
        verifier.EditorConfig["llmops.analysis_date"] = "2026-01-01";
        await verifier.VerifyAsync(Code.OpenAI("""var chat = new ChatClient("gpt-5-2025-08-07", "key");"""));
    }

    [Theory]
    [InlineData("""var chat = new ChatClient("gpt-4o-2024-08-06", "key");""")]
    [InlineData("""var chat = new ChatClient("gpt-5.5", "key");""")]
    [InlineData("""var chat = new ChatClient(config["model"], "key");""")]
    [InlineData("""var chat = new ChatClient(Environment.GetEnvironmentVariable("MODEL")!, "key");""")]
    [InlineData("""var gpt_4_turbo = 0; var chat = new ChatClient(nameof(gpt_4_turbo), "key");""")]
    [InlineData("""var s = Console.ReadLine(); var chat = new ChatClient($"gpt-4-turbo{s}", "key");""")]
    [InlineData("""var chat = new Azure.AI.OpenAI.AzureOpenAIClient(new Uri("https://x.openai.azure.com"), new System.ClientModel.ApiKeyCredential("k")).GetChatClient("gpt-4-turbo");""")]
    [InlineData("""var chat = new ChatClient("not-a-model", "key");""")]
    public Task Not_flagged(string body) => new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Fact]
    public Task Generated_code_is_not_analysed() =>
        new Verifier<DeprecatedModelAnalyzer> { FileName = "Models.g.cs" }.VerifyAsync(Code.OpenAI("""var chat = new ChatClient("gpt-4-turbo", "key");"""));
}
