using System.Collections.Immutable;
using System.Reflection;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using LlmOps.Guardrails.Analyzers.Tests.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Analysis;

/// <summary>The compiler runs the code rules composed in one analyzer; composed, they report exactly what each reports alone.</summary>
public class GuardrailsAnalyzerTests
{
    private static ImmutableArray<DiagnosticAnalyzer> RulesAlone() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelAliasAnalyzer(), new MissingOutputCapAnalyzer(), new MissingAttributionAnalyzer(), new UnknownModelAnalyzer(),
        new DeprecatedModelAnalyzer(), new HardCodedApiKeyAnalyzer(), new OutputCapAboveMaximumAnalyzer());

    [Fact]
    public void The_compiler_discovers_the_composition_and_the_models_file_rule_only()
    {
        var discovered = typeof(GuardrailsAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => t.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(["GuardrailsAnalyzer", "ModelsFileAnalyzer"], discovered);
    }

    [Fact]
    public void It_supports_every_code_rule()
    {
        var composed = new GuardrailsAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal);
        var alone = RulesAlone().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Order(StringComparer.Ordinal);

        Assert.Equal(alone, composed);
        Assert.Equal(["LLM001", "LLM002", "LLM003", "LLM004", "LLM005", "LLM005", "LLM006", "LLM007"], composed);
    }

    public static TheoryData<string> Sources() => new(RobustnessTests.Sources.Concat(
    [
        Forms.FormSources.KernelBuilder("""
                    builder.AddOpenAIChatCompletion(modelId: "gpt-4o", apiKey: "key");
                    services.AddOpenAIChatCompletion("gpt-4-0314", "key");
            """),
        Forms.FormSources.AnthropicAdapter("""
                    IChatClient chat = client.AsIChatClient("claude-sonnet-4-5", defaultMaxOutputTokens: 900000);
                    await chat.GetResponseAsync(messages);
            """),
    ]));

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Composed_rules_report_what_each_rule_reports_alone(string source)
    {
        var alone = await TestCompilation.AnalyzeAsync(source, RulesAlone());
        var composed = await TestCompilation.AnalyzeAsync(source, [new GuardrailsAnalyzer()]);

        Assert.NotEmpty(alone);
        Assert.Equal(Describe(alone), Describe(composed));
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => d.Id + " " + d.Location.SourceSpan + " " + d.GetMessage()).Order(StringComparer.Ordinal);
}
