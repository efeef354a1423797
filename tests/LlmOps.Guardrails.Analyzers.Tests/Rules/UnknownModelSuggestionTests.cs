using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>LLM004's "did you mean" (and so its fix) only ever names a model that is live at the analysis date.</summary>
public class UnknownModelSuggestionTests
{
    private const string Body = """var chat = new ChatClient([|"gpt-3.5-turbo-0126"|], "key");""";

    [Fact]
    public async Task Suggests_a_snapshot_while_it_is_live()
    {
        var verifier = new Verifier<UnknownModelAnalyzer>();
        verifier.EditorConfig["llmops.analysis_date"] = "2026-01-01";

        var diagnostics = await verifier.DiagnosticsAsync(Code.OpenAI(Body));

        Assert.Contains("did you mean 'gpt-3.5-turbo-0125'", diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_suggests_a_retired_snapshot()
    {
        // gpt-3.5-turbo-0125 was shut down on 2026-10-23.
        var verifier = new Verifier<UnknownModelAnalyzer>();
        verifier.EditorConfig["llmops.analysis_date"] = "2026-12-07";

        var diagnostics = await verifier.DiagnosticsAsync(Code.OpenAI(Body));

        Assert.DoesNotContain("did you mean", diagnostics[0].GetMessage(), StringComparison.Ordinal);
        Assert.False(diagnostics[0].Properties.ContainsKey("llmops.replacement"));
    }
}
