using System.Text.Json;
using LlmOps.Guardrails.Eval.Scoring;
using static LlmOps.Guardrails.Eval.Tests.Scoring.ScoringTestHelpers;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

public class EqualsScorerTests
{
    [Fact]
    public void Equal_after_trimming_passes()
    {
        var result = Run("equals", "billing", "  billing\n");
        Assert.True(result.Passed);
        Assert.Equal(1, result.Score);
        Assert.Equal("equals", result.Scorer);
    }

    [Fact]
    public void Different_fails_with_both_values_in_the_reason()
    {
        var result = Run("equals", "billing", "login");
        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("expected \"billing\", got \"login\"", result.Reason);
    }

    [Fact]
    public void Case_matters_unless_ignore_case()
    {
        Assert.False(Run("equals", "Billing", "billing").Passed);
        Assert.True(Run(new ScorerSpec { Type = "equals", Value = "Billing", IgnoreCase = true }, "BILLING").Passed);
    }

    [Fact]
    public void Unicode_composed_and_decomposed_forms_are_equal()
    {
        Assert.True(Run("equals", "caf\u00e9", "cafe\u0301").Passed);
        Assert.True(Run(new ScorerSpec { Type = "equals", Value = "ÉCOLE", IgnoreCase = true }, "école").Passed);
    }

    [Fact]
    public void Falls_back_to_the_case_expected_output()
    {
        Assert.True(Run("equals", null, "42", expected: " 42 ").Passed);
        var none = Run("equals", null, "42");
        Assert.True(none.Errored);
        Assert.False(none.Passed);
    }

    [Fact]
    public void Not_equals_inverts_with_a_readable_reason()
    {
        var same = Run("not-equals", "billing", "billing");
        Assert.False(same.Passed);
        Assert.Equal("not-equals", same.Scorer);
        Assert.Contains("expected output other than \"billing\"", same.Reason);
        Assert.True(Run("not-equals", "billing", "login").Passed);
    }
}

public class ContainsScorerTests
{
    [Fact]
    public void Single_value_found_and_missing()
    {
        Assert.True(Run("contains", "refund", "We will refund you.").Passed);
        var missing = Run("contains", "refund", "We will help you.");
        Assert.False(missing.Passed);
        Assert.Equal("expected \"refund\" in the output, not found", missing.Reason);
    }

    [Fact]
    public void Contains_is_case_sensitive_icontains_is_not()
    {
        Assert.False(Run("contains", "Refund", "we will refund").Passed);
        Assert.True(Run("icontains", "REFUND", "we will refund").Passed);
        Assert.True(Run("icontains", "ÜBER", "das ist über alles").Passed);
    }

    [Fact]
    public void List_defaults_to_all_and_names_the_missing_values()
    {
        var result = Run("contains", new[] { "refund", "days", "receipt" }, "refund within 5 days");
        Assert.False(result.Passed);
        Assert.Contains("missing \"receipt\"", result.Reason);
        Assert.True(Run("contains", new[] { "refund", "days" }, "refund within 5 days").Passed);
    }

    [Fact]
    public void List_with_any()
    {
        var spec = new ScorerSpec { Type = "contains", Value = new[] { "refund", "credit" }, Any = true };
        Assert.True(Run(spec, "store credit issued").Passed);
        Assert.False(Run(spec, "nothing to see").Passed);
    }

    [Fact]
    public void Json_array_value_is_a_list()
    {
        var value = JsonDocument.Parse("[\"a\", \"b\"]").RootElement;
        Assert.True(Run("contains", value, "a and b").Passed);
    }

    [Fact]
    public void Unicode_emoji_and_whitespace()
    {
        Assert.True(Run("contains", "👍🏽", "great 👍🏽!").Passed);
        Assert.False(Run("contains", "a  b", "a b").Passed);
    }

    [Fact]
    public void Not_contains_inverts()
    {
        var found = Run("not-contains", "password", "your password is hunter2");
        Assert.False(found.Passed);
        Assert.Equal("expected no \"password\" in the output, found it", found.Reason);
        var absent = Run("not-icontains", "PASSWORD", "all good");
        Assert.True(absent.Passed);
        Assert.Equal("\"PASSWORD\" not found", absent.Reason);
    }

    [Fact]
    public void Bad_specs_are_refused()
    {
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "contains", Value = new[] { "a" }, Any = true, All = true }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "contains", Value = new[] { "a", "" } }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "contains", Value = Array.Empty<string>() }));
    }
}

public class RegexScorerTests
{
    [Fact]
    public void Match_and_no_match()
    {
        var match = Run("regex", @"^\d{3}-\d{4}$", "555-1234");
        Assert.True(match.Passed);
        Assert.Contains("\"555-1234\"", match.Reason);
        Assert.False(Run("regex", @"^\d{3}-\d{4}$", "call 555-1234").Passed);
    }

    [Fact]
    public void Ignore_case_and_unicode()
    {
        Assert.True(Run(new ScorerSpec { Type = "regex", Value = "^hello", IgnoreCase = true }, "HELLO world").Passed);
        Assert.True(Run("regex", @"^\p{L}+$", "naïveté").Passed);
    }

    [Fact]
    public void Invalid_pattern_is_a_spec_error()
    {
        var ex = Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "regex", Value = "(unclosed" }));
        Assert.Equal("regex", ex.Scorer);
        Assert.Contains("invalid regular expression", ex.Message);
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "regex" }));
    }

    [Fact]
    public void Catastrophic_backtracking_times_out_as_errored_in_both_forms()
    {
        var input = new string('a', 40) + "!";
        var result = Run("regex", "^(a+)+$", input);
        Assert.True(result.Errored);
        Assert.False(result.Passed);
        Assert.Contains("timed out", result.Reason);

        var negated = Run("not-regex", "^(a+)+$", input);
        Assert.True(negated.Errored);
        Assert.False(negated.Passed);
    }

    [Fact]
    public void Not_regex_inverts()
    {
        var result = Run("not-regex", @"\bTODO\b", "finish the TODO list");
        Assert.False(result.Passed);
        Assert.Contains("expected no match", result.Reason);
        Assert.True(Run("not-regex", @"\bTODO\b", "done").Passed);
    }
}

public class IsJsonScorerTests
{
    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("  [1, 2, 3]\n")]
    [InlineData("```json\n{\"a\":\"é\"}\n```")]
    [InlineData("\"just a string\"")]
    public void Valid_json_passes(string output) => Assert.True(Run("is-json", null, output).Passed);

    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("Sure! {\"a\":1}")]
    [InlineData("")]
    [InlineData("{'a': 1}")]
    public void Invalid_json_fails(string output)
    {
        var result = Run("is-json", null, output);
        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.StartsWith("output is not valid JSON", result.Reason);
    }

    [Fact]
    public void Not_is_json_inverts()
    {
        Assert.True(Run("not-is-json", null, "plain text").Passed);
        Assert.False(Run("not-is-json", null, "{}").Passed);
    }
}

public class JsonPathScorerTests
{
    private static ScorerSpec Spec(string path, object? value, double? tolerance = null, string type = "json-path") =>
        new() { Type = type, Path = path, Value = value, Tolerance = tolerance };

    [Fact]
    public void String_value_equal_and_different()
    {
        const string output = "{\"category\":\"billing\",\"tags\":[\"refund\"]}";
        Assert.True(Run(Spec("$.category", "billing"), output).Passed);
        var result = Run(Spec("$.category", "billing"), "{\"category\":\"login\"}");
        Assert.False(result.Passed);
        Assert.Equal("expected $.category = \"billing\", got \"login\"", result.Reason);
    }

    [Fact]
    public void Nested_and_bracket_paths()
    {
        const string output = "{\"a\":{\"b\":[{\"c d\":\"x\"},{\"n\":2}]}}";
        Assert.True(Run(Spec("$.a.b[0]['c d']", "x"), output).Passed);
        Assert.True(Run(Spec("a.b[1].n", 2), output).Passed);
        Assert.True(Run(Spec("$[\"a\"].b[1].n", "2"), output).Passed);
    }

    [Fact]
    public void Numbers_with_tolerance_and_booleans()
    {
        Assert.True(Run(Spec("$.score", 0.8, tolerance: 0.05), "{\"score\":0.82}").Passed);
        Assert.False(Run(Spec("$.score", 0.8), "{\"score\":0.82}").Passed);
        Assert.True(Run(Spec("$.ok", true), "{\"ok\":true}").Passed);
        Assert.True(Run(Spec("$.ok", "true"), "{\"ok\":true}").Passed);
        Assert.True(Run(Spec("$.n", 1), "{\"n\":1.0}").Passed);
    }

    [Fact]
    public void Object_value_compares_structurally()
    {
        var expected = JsonDocument.Parse("{\"x\":1,\"y\":[1,2]}").RootElement;
        Assert.True(Run(Spec("$.p", expected), "{\"p\":{\"y\":[1,2],\"x\":1}}").Passed);
        Assert.False(Run(Spec("$.p", expected), "{\"p\":{\"y\":[2,1],\"x\":1}}").Passed);
    }

    [Fact]
    public void Null_and_dictionary_values()
    {
        Assert.True(Run(Spec("$.owner", "null"), "{\"owner\":null}").Passed);
        Assert.False(Run(Spec("$.owner", "null"), "{\"owner\":\"ann\"}").Passed);
        var expected = new Dictionary<object, object> { ["sku"] = "A-1", ["qty"] = 2 };
        Assert.True(Run(Spec("$.items[0]", expected), "{\"items\":[{\"qty\":2,\"sku\":\"A-1\"}]}").Passed);
    }

    [Fact]
    public void Missing_paths_explain_where_they_stopped()
    {
        var missing = Run(Spec("$.a.b", "x"), "{\"a\":{}}");
        Assert.False(missing.Passed);
        Assert.Equal("expected $.a.b = \"x\", but $.a.b not found: no property 'b' at $.a", missing.Reason);
        var index = Run(Spec("$.items[3]", "x"), "{\"items\":[1]}");
        Assert.Contains("index 3 out of range at $.items (length 1)", index.Reason);
        var kind = Run(Spec("$.a.b", "x"), "{\"a\":\"str\"}");
        Assert.Contains("$.a is a string, not an object", kind.Reason);
    }

    [Fact]
    public void Non_json_output_fails_in_both_forms()
    {
        Assert.False(Run(Spec("$.a", "x"), "not json").Passed);
        var negated = Run(Spec("$.a", "x", type: "not-json-path"), "not json");
        Assert.False(negated.Passed);
        Assert.StartsWith("output is not valid JSON", negated.Reason);
    }

    [Fact]
    public void Not_json_path_inverts()
    {
        Assert.True(Run(Spec("$.category", "billing", type: "not-json-path"), "{\"category\":\"login\"}").Passed);
        var result = Run(Spec("$.category", "billing", type: "not-json-path"), "{\"category\":\"billing\"}");
        Assert.False(result.Passed);
        Assert.Equal("expected $.category other than \"billing\", got \"billing\"", result.Reason);
    }

    [Theory]
    [InlineData("$..a")]
    [InlineData("$.a[*]")]
    [InlineData("$.*")]
    [InlineData("$.a[-1]")]
    [InlineData("$.a[?(@.b)]")]
    [InlineData("$.a[0:2]")]
    [InlineData("$.a[0")]
    [InlineData("$.a.")]
    public void Unsupported_or_invalid_paths_are_spec_errors(string path)
    {
        var ex = Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(Spec(path, "x")));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Path_and_value_are_required()
    {
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "json-path", Value = "x" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "json-path", Path = "$.a" }));
    }
}

public class NumericScorerTests
{
    [Fact]
    public void Whole_output_number_with_tolerance()
    {
        Assert.True(Run(new ScorerSpec { Type = "numeric", Value = 3.14, Tolerance = 0.01 }, " 3.141 ").Passed);
        var off = Run(new ScorerSpec { Type = "numeric", Value = 3.14, Tolerance = 0.01 }, "3.2");
        Assert.False(off.Passed);
        Assert.Equal("expected 3.14 ± 0.01, got 3.2", off.Reason);
    }

    [Fact]
    public void Single_number_in_text_and_ambiguity()
    {
        Assert.True(Run(new ScorerSpec { Type = "numeric", Value = "42" }, "The answer is 42.").Passed);
        var many = Run(new ScorerSpec { Type = "numeric", Value = 42 }, "between 41 and 43");
        Assert.False(many.Passed);
        Assert.Contains("2 numbers", many.Reason);
        var none = Run(new ScorerSpec { Type = "numeric", Value = 42 }, "no idea");
        Assert.False(none.Passed);
        Assert.False(Run(new ScorerSpec { Type = "not-numeric", Value = 42 }, "no idea").Passed);
    }

    [Fact]
    public void From_a_json_path_and_range()
    {
        Assert.True(Run(new ScorerSpec { Type = "numeric", Path = "$.total", Value = 10 }, "{\"total\": 10.0}").Passed);
        Assert.True(Run(new ScorerSpec { Type = "numeric", Path = "$.total", Min = 0, Max = 100 }, "{\"total\": \"55\"}").Passed);
        var outside = Run(new ScorerSpec { Type = "numeric", Path = "$.total", Min = 0, Max = 100 }, "{\"total\": 101}");
        Assert.False(outside.Passed);
        Assert.Equal("expected a number in [0, 100], got 101", outside.Reason);
    }

    [Fact]
    public void Expected_from_the_case_and_bad_specs()
    {
        Assert.True(Run(new ScorerSpec { Type = "numeric" }, "7", expected: "7").Passed);
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "numeric", Value = "many" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "numeric", Value = 1, Tolerance = -1 }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "numeric", Min = 5, Max = 1 }));
    }

    [Fact]
    public void Not_numeric_inverts()
    {
        Assert.True(Run(new ScorerSpec { Type = "not-numeric", Value = 0 }, "1").Passed);
        Assert.False(Run(new ScorerSpec { Type = "not-numeric", Value = 0 }, "0").Passed);
    }
}

public class LengthScorerTests
{
    [Fact]
    public void Within_and_outside_bounds()
    {
        Assert.True(Run(new ScorerSpec { Type = "length", Min = 2, Max = 5 }, "abc").Passed);
        var longer = Run(new ScorerSpec { Type = "length", Max = 5 }, "abcdefg");
        Assert.False(longer.Passed);
        Assert.Equal("expected at most 5 characters, got 7", longer.Reason);
        Assert.False(Run(new ScorerSpec { Type = "length", Min = 4 }, "abc").Passed);
    }

    [Fact]
    public void Counts_user_perceived_characters_after_trimming()
    {
        Assert.True(Run(new ScorerSpec { Type = "length", Max = 3 }, "  👍🏽é!  \n").Passed);
        Assert.True(Run(new ScorerSpec { Type = "length", Min = 3, Max = 3 }, "e\u0301ab").Passed);
    }

    [Fact]
    public void Bad_specs_and_not_length()
    {
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "length" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "length", Min = 1.5 }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "length", Min = 9, Max = 2 }));
        Assert.True(Run(new ScorerSpec { Type = "not-length", Max = 2 }, "abc").Passed);
    }
}

public class CostAndLatencyScorerTests
{
    [Fact]
    public void Cost_under_at_and_over_the_max()
    {
        Assert.True(Run(new ScorerSpec { Type = "cost-max", Value = 0.01 }, "x", cost: 0.005m).Passed);
        Assert.True(Run(new ScorerSpec { Type = "cost-max", Value = "0.01" }, "x", cost: 0.01m).Passed);
        var over = Run(new ScorerSpec { Type = "cost-max", Value = 0.01 }, "x", cost: 0.02m);
        Assert.False(over.Passed);
        Assert.Equal("cost $0.02 exceeds the max $0.01", over.Reason);
    }

    [Fact]
    public void Unknown_cost_fails_in_both_forms()
    {
        var unknown = Run(new ScorerSpec { Type = "cost-max", Value = 1 }, "x", cost: null);
        Assert.False(unknown.Passed);
        Assert.False(unknown.Errored);
        Assert.Contains("cost unknown", unknown.Reason);
        Assert.False(Run(new ScorerSpec { Type = "not-cost-max", Value = 1 }, "x", cost: null).Passed);
    }

    [Fact]
    public void Latency_max()
    {
        Assert.True(Run(new ScorerSpec { Type = "latency-max", Value = 500 }, "x", latencyMs: 499.6).Passed);
        var slow = Run(new ScorerSpec { Type = "latency-max", Value = 500 }, "x", latencyMs: 1200);
        Assert.False(slow.Passed);
        Assert.Equal("latency 1200 ms exceeds the max 500 ms", slow.Reason);
        Assert.True(Run(new ScorerSpec { Type = "not-latency-max", Value = 500 }, "x", latencyMs: 1200).Passed);
    }

    [Fact]
    public void Limits_must_be_non_negative_numbers()
    {
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "cost-max" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "cost-max", Value = -1 }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "latency-max", Value = "fast" }));
    }
}

public class ScorerFactoryTests
{
    [Fact]
    public void Unknown_and_empty_types_are_refused_with_the_known_list()
    {
        var ex = Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "containz" }));
        Assert.Contains("unknown scorer type", ex.Message);
        Assert.Contains("icontains", ex.Message);
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = " " }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "not-" }));
    }

    [Fact]
    public void Types_are_case_insensitive_and_names_keep_the_not_prefix()
    {
        var scorer = ScorerFactory.Create(new ScorerSpec { Type = "Not-Contains", Value = "x" });
        Assert.Equal("not-contains", scorer.Name);
    }

    [Fact]
    public void Judge_needs_a_judge_and_a_rubric_and_cannot_be_negated()
    {
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "judge", Rubric = "polite" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "judge" }));
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "not-judge", Rubric = "polite" }));
    }

    [Fact]
    public async Task Async_path_returns_the_same_result()
    {
        var scorer = ScorerFactory.Create(new ScorerSpec { Type = "contains", Value = "a" });
        var result = await scorer.ScoreAsync(new ScoringInput { Output = "abc" });
        Assert.True(result.Passed);
    }
}
