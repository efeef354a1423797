using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>Legacy, preview and -latest ids real code still names are known: retired ones get LLM005, never LLM004.</summary>
public class LegacyModelTests
{
    [Theory]
    [InlineData("gpt-3.5-turbo-0613")]
    [InlineData("gpt-4-0314")]
    [InlineData("gpt-4-32k")]
    [InlineData("chatgpt-4o-latest")]
    [InlineData("gpt-4o-audio-preview")]
    [InlineData("gpt-4o-mini-search-preview")]
    [InlineData("gpt-4o-realtime-preview-2024-12-17")]
    [InlineData("gemini-1.5-pro")]
    [InlineData("gemini-pro")]
    [InlineData("mistral-large-latest")]
    [InlineData("mistral-small-latest")]
    [InlineData("gpt-audio")]
    public Task Known_to_the_catalog(string id) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI($$"""var chat = new ChatClient("{{id}}", "key");"""));

    [Theory]
    [InlineData("gpt-3.5-turbo-0613", "was retired on 2024-09-13")]
    [InlineData("gpt-4-0314", "was retired on 2024-06-13")]
    [InlineData("chatgpt-4o-latest", "was retired on 2026-02-17")]
    [InlineData("gpt-4o-audio-preview", "was retired on 2026-05-07")]
    public async Task Retired_ids_are_reported_as_retired(string id, string expected)
    {
        var diagnostics = await new Verifier<DeprecatedModelAnalyzer>().DiagnosticsAsync(Code.OpenAI($$"""var chat = new ChatClient([|"{{id}}"|], "key");"""));

        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Contains(expected, diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }
}
