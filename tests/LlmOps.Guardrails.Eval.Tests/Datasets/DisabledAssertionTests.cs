using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Tests.Datasets;

/// <summary><c>disabled: "reason"</c> keeps an assertion in a dataset without scoring it; any type is allowed then.</summary>
public class DisabledAssertionTests
{
    [Fact]
    public void A_disabled_assertion_of_an_unknown_type_is_read_with_its_reason_and_its_fields_kept()
    {
        var result = DatasetReader.Read("cases.yaml", """
            - id: a
              vars: { ticket: late delivery }
              assert:
                - { type: icontains, value: delivery }
                - { type: javascript, value: "output.length < 9", disabled: no native scorer runs code }
            """);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var assertions = Assert.Single(result.Dataset!.Cases).Assertions;
        Assert.False(assertions[0].Disabled);
        Assert.True(assertions[1].Disabled);
        Assert.Equal("javascript", assertions[1].Type);
        Assert.Equal("no native scorer runs code", assertions[1].DisabledReason);
        using var kept = System.Text.Json.JsonDocument.Parse(assertions[1].Value!);
        Assert.Equal("output.length < 9", kept.RootElement.GetProperty("value").GetString());
        Assert.Equal((5, 7), (assertions[1].Line, assertions[1].Column));
    }

    [Fact]
    public void A_disabled_equals_without_value_does_not_need_expected()
    {
        var result = DatasetReader.Read("cases.jsonl", """{"id": "a", "assert": [{"type": "equals", "disabled": "kept for later"}]}""" + "\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("""{"id": "a", "expected": "x", "assert": [{"type": "javascript", "disabled": "   "}]}""", "LLME102")]
    [InlineData("""{"id": "a", "expected": "x", "assert": [{"value": "x", "disabled": "no type"}]}""", "LLME102")]
    [InlineData("""{"id": "a", "expected": "x", "assert": [{"type": "javascript", "disabled": ["a"]}]}""", "LLME103")]
    public void A_disabled_assertion_needs_a_type_and_a_reason(string line, string code)
    {
        var result = DatasetReader.Read("cases.jsonl", line + "\n");
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Diagnostics[0].Code);
    }

    [Fact]
    public void Without_disabled_an_unknown_type_is_still_refused()
    {
        var result = DatasetReader.Read("cases.jsonl", """{"id": "a", "assert": [{"type": "javascript", "value": "1"}]}""" + "\n");
        Assert.Equal(EvalDiagnosticCodes.UnknownScorer, result.Diagnostics[0].Code);
    }
}
