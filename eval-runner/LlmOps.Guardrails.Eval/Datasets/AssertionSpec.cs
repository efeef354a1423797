using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>How a list of expected strings is matched by <c>contains</c>/<c>icontains</c>.</summary>
public enum AssertionMatch
{
    /// <summary>At least one of the values must occur (<c>any:</c>).</summary>
    Any,

    /// <summary>Every value must occur (<c>all:</c>, and a single <c>value:</c>).</summary>
    All,
}

/// <summary>
/// One assertion on a model output, as written in a dataset case or in the config's <c>scorers</c>. Only parsed and
/// validated here; the scorers implement the semantics documented in docs/eval-config.md.
/// </summary>
public sealed class AssertionSpec
{
    /// <summary>The scorer name as written: <c>contains</c>, <c>not-regex</c>, <c>json-path</c>, <c>judge</c>, ...</summary>
    public required string Type { get; init; }

    /// <summary>True for the <c>not-</c> forms: the assertion passes when the base scorer fails.</summary>
    public bool Negated => Type.StartsWith(AssertionTypes.NotPrefix, StringComparison.Ordinal);

    /// <summary><see cref="Type"/> without its <c>not-</c> prefix.</summary>
    public string BaseType => Negated ? Type.Substring(AssertionTypes.NotPrefix.Length) : Type;

    /// <summary>
    /// The expected value: text for equals/regex, a number as text for numeric/cost-max/latency-max, the JSON text of
    /// the value for json-path, the JSON text of the schema for json-schema. Null when the case's <c>expected</c> applies.
    /// </summary>
    public string? Value { get; init; }

    /// <summary>For contains/icontains: the strings to look for (one for a single <c>value</c>).</summary>
    public IReadOnlyList<string> Values { get; init; } = Array.Empty<string>();

    /// <summary>For contains/icontains: whether any or all of <see cref="Values"/> must occur.</summary>
    public AssertionMatch Match { get; init; } = AssertionMatch.All;

    /// <summary>For json-path: the path, e.g. <c>$.a.b[0]</c>.</summary>
    public string? Path { get; init; }

    /// <summary>For numeric: the allowed absolute difference (default 0).</summary>
    public double? Tolerance { get; init; }

    /// <summary>For length: the fewest characters allowed.</summary>
    public double? Min { get; init; }

    /// <summary>For length: the most characters allowed.</summary>
    public double? Max { get; init; }

    /// <summary>For json-schema: validate <c>format</c> too (<c>formats: true</c>); off by default, as the spec says.</summary>
    public bool Formats { get; init; }

    /// <summary>For judge: what the judge grades against; null means the config's <c>judge.rubric_default</c>.</summary>
    public string? Rubric { get; init; }

    /// <summary>For judge: the score (0..1) needed to pass; null means the config's <c>judge.pass_threshold</c>.</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// Why the assertion is kept but not scored (<c>disabled: "reason"</c>), e.g. an imported check with no native
    /// scorer. Null for an active assertion. <c>compare</c> skips disabled assertions and lists them in its output.
    /// </summary>
    public string? DisabledReason { get; init; }

    /// <summary>True when <see cref="DisabledReason"/> is set: the assertion is kept in the file but never scored.</summary>
    public bool Disabled => DisabledReason is not null;

    /// <summary>Where the assertion was written (1-based), for the scorers' own messages.</summary>
    public int Line { get; init; }

    public int Column { get; init; }
}

/// <summary>The assertion (scorer) names a dataset or config may use.</summary>
public static class AssertionTypes
{
    public const string NotPrefix = "not-";

    public const string EqualsType = "equals";
    public const string Contains = "contains";
    public const string IContains = "icontains";
    public const string Regex = "regex";
    public const string IsJson = "is-json";
    public const string JsonSchema = "json-schema";
    public const string JsonPath = "json-path";
    public const string Numeric = "numeric";
    public const string Length = "length";
    public const string CostMax = "cost-max";
    public const string LatencyMax = "latency-max";
    public const string Judge = "judge";

    /// <summary>The base scorers, each of which also has a <c>not-</c> form except judge, cost-max and latency-max.</summary>
    public static IReadOnlyList<string> BaseTypes { get; } = new[]
    {
        EqualsType, Contains, IContains, Regex, IsJson, JsonSchema, JsonPath, Numeric, Length, CostMax, LatencyMax, Judge,
    };

    /// <summary>Base types without a negated form.</summary>
    public static IReadOnlyList<string> NotNegatable { get; } = new[] { Judge, CostMax, LatencyMax };

    /// <summary>Every accepted name, base and <c>not-</c> forms.</summary>
    public static IReadOnlyList<string> All { get; } = BuildAll();

    public static bool IsKnown(string type) => ((IList<string>)All).Contains(type);

    private static string[] BuildAll()
    {
        var all = new List<string>(BaseTypes);
        foreach (var type in BaseTypes)
        {
            if (!((IList<string>)NotNegatable).Contains(type))
            {
                all.Add(NotPrefix + type);
            }
        }

        return all.ToArray();
    }
}
