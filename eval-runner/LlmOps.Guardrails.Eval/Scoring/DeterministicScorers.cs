using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Scoring;

using static ScoringValues;

/// <summary>equals: the output, trimmed, equals the value (or the case's expected output), trimmed.</summary>
internal sealed class EqualsScorer : DeterministicScorer
{
    private readonly string? _value;
    private readonly bool _ignoreCase;

    public EqualsScorer(string? value, bool ignoreCase, bool negated)
        : base("equals", negated)
    {
        _value = value;
        _ignoreCase = ignoreCase;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        var expectedRaw = _value ?? input.Expected;
        if (expectedRaw is null)
        {
            return Verdict.Error("no value configured and the case has no expected output");
        }

        var expected = Normalize(expectedRaw.Trim());
        var actual = Normalize(input.Output.Trim());
        var comparison = _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(expected, actual, comparison)
            ? Verdict.Match($"output equals {Quote(expected)}", $"expected output other than {Quote(expected)}, got it")
            : Verdict.NoMatch($"expected {Quote(expected)}, got {Quote(actual)}", $"output {Quote(actual)} differs from {Quote(expected)}");
    }
}

/// <summary>contains / icontains: the output contains the value(s); a list needs all of them unless any is set.</summary>
internal sealed class ContainsScorer : DeterministicScorer
{
    private readonly IReadOnlyList<string>? _values;
    private readonly bool _any;
    private readonly StringComparison _comparison;

    public ContainsScorer(string type, IReadOnlyList<string>? values, bool any, bool ignoreCase, bool negated)
        : base(type, negated)
    {
        _values = values?.Select(Normalize).ToArray();
        _any = any;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        var values = _values ?? (input.Expected is null ? null : new[] { Normalize(input.Expected) });
        if (values is null)
        {
            return Verdict.Error("no value configured and the case has no expected output");
        }

        var output = Normalize(input.Output);
        var found = values.Where(v => output.IndexOf(v, _comparison) >= 0).ToList();
        var missing = values.Where(v => output.IndexOf(v, _comparison) < 0).ToList();
        if (values.Count == 1)
        {
            var v = Quote(values[0]);
            return found.Count == 1
                ? Verdict.Match($"found {v}", $"expected no {v} in the output, found it")
                : Verdict.NoMatch($"expected {v} in the output, not found", $"{v} not found");
        }

        var list = string.Join(", ", values.Select(Quote));
        if (_any)
        {
            return found.Count > 0
                ? Verdict.Match($"found {Quote(found[0])}", $"expected none of [{list}], found {string.Join(", ", found.Select(Quote))}")
                : Verdict.NoMatch($"expected any of [{list}], found none", $"none of [{list}] found");
        }

        return missing.Count == 0
            ? Verdict.Match($"found all of [{list}]", $"expected not all of [{list}], found all")
            : Verdict.NoMatch($"expected all of [{list}], missing {string.Join(", ", missing.Select(Quote))}", $"missing {string.Join(", ", missing.Select(Quote))}");
    }
}

/// <summary>regex: the output matches a .NET regular expression (1 s timeout: errored, never passed).</summary>
internal sealed class RegexScorer : DeterministicScorer
{
    private readonly Regex _regex;

    public RegexScorer(Regex regex, bool negated)
        : base("regex", negated)
    {
        _regex = regex;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        try
        {
            var match = _regex.Match(input.Output);
            var pattern = "/" + _regex + "/";
            return match.Success
                ? Verdict.Match($"matches {pattern} at {Quote(match.Value)}", $"expected no match for {pattern}, matched {Quote(match.Value)}")
                : Verdict.NoMatch($"expected a match for {pattern} in {Quote(input.Output)}, none", $"no match for {pattern}");
        }
        catch (RegexMatchTimeoutException)
        {
            return Verdict.Error($"regex /{_regex}/ timed out after {_regex.MatchTimeout.TotalMilliseconds:0} ms (catastrophic backtracking?); simplify the pattern");
        }
    }
}

/// <summary>is-json: the output (trimmed, one surrounding markdown fence allowed) parses as JSON.</summary>
internal sealed class IsJsonScorer : DeterministicScorer
{
    public IsJsonScorer(bool negated)
        : base("is-json", negated)
    {
    }

    private protected override Verdict Check(ScoringInput input)
    {
        using var document = TryParseJson(input.Output, out var error);
        return document is not null
            ? Verdict.Match($"output is valid JSON ({JsonPath.Kind(document.RootElement)})", "expected output that is not JSON, got valid JSON")
            : Verdict.NoMatch($"output is not valid JSON: {error}", "output is not JSON");
    }
}

/// <summary>json-schema: the output is JSON valid against a schema (see <see cref="JsonSchemaValidator"/>).</summary>
internal sealed class JsonSchemaScorer : DeterministicScorer
{
    private const int MaxErrorsShown = 3;
    private readonly JsonSchemaValidator _schema;

    public JsonSchemaScorer(JsonSchemaValidator schema, bool negated)
        : base("json-schema", negated)
    {
        _schema = schema;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        using var document = TryParseJson(input.Output, out var error);
        if (document is null)
        {
            return Verdict.Indeterminate($"output is not valid JSON: {error}");
        }

        var errors = _schema.Validate(document.RootElement);
        if (errors.Count == 0)
        {
            return Verdict.Match("output matches the schema", "expected output not matching the schema, but it matches");
        }

        var shown = string.Join("; ", errors.Take(MaxErrorsShown));
        var more = errors.Count > MaxErrorsShown ? $" (+{errors.Count - MaxErrorsShown} more)" : string.Empty;
        return Verdict.NoMatch($"schema violation: {shown}{more}", $"output does not match the schema ({shown}{more})");
    }
}

/// <summary>json-path: the value at a path of the output's JSON equals the expected value.</summary>
internal sealed class JsonPathScorer : DeterministicScorer
{
    private readonly JsonPath _path;
    private readonly JsonElement _expected;
    private readonly double _tolerance;

    public JsonPathScorer(JsonPath path, JsonElement expected, double tolerance, bool negated)
        : base("json-path", negated)
    {
        _path = path;
        _expected = expected;
        _tolerance = tolerance;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        using var document = TryParseJson(input.Output, out var error);
        if (document is null)
        {
            return Verdict.Indeterminate($"output is not valid JSON: {error}");
        }

        var expected = Show(_expected);
        if (!_path.TryEvaluate(document.RootElement, out var actual, out var notFound))
        {
            return Verdict.NoMatch($"expected {_path} = {expected}, but {notFound}", $"{_path} is absent");
        }

        var got = Show(actual);
        return Matches(actual)
            ? Verdict.Match($"{_path} = {got}", $"expected {_path} other than {expected}, got {got}")
            : Verdict.NoMatch($"expected {_path} = {expected}, got {got}", $"{_path} = {got}, not {expected}");
    }

    private bool Matches(JsonElement actual)
    {
        if (JsonValueEquality.JsonEquals(_expected, actual, _tolerance))
        {
            return true;
        }

        // A value written as a string in the config ("42", "true") matches the JSON number or boolean it spells.
        if (_expected.ValueKind == JsonValueKind.String)
        {
            var text = _expected.GetString();
            switch (actual.ValueKind)
            {
                case JsonValueKind.Number:
                    return TryParseNumber(text, out var number) && Math.Abs(actual.GetDouble() - number) <= _tolerance;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return bool.TryParse(text, out var flag) && flag == (actual.ValueKind == JsonValueKind.True);
                case JsonValueKind.Null:
                    return text == "null";
            }
        }

        return false;
    }

    private static string Show(JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.String ? Quote(value.GetString()) : value.GetRawText();
        return raw.Length > 80 ? raw.Substring(0, 80) + "…" : raw;
    }
}

/// <summary>numeric: a number read from the output (whole output, the only number in it, or a JSON path) is within tolerance of the expected value, and/or within [min, max].</summary>
internal sealed class NumericScorer : DeterministicScorer
{
    private static readonly Regex NumberPattern = new(@"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly double? _expected;
    private readonly double _tolerance;
    private readonly double? _min;
    private readonly double? _max;
    private readonly JsonPath? _path;

    public NumericScorer(double? expected, double tolerance, double? min, double? max, JsonPath? path, bool negated)
        : base("numeric", negated)
    {
        _expected = expected;
        _tolerance = tolerance;
        _min = min;
        _max = max;
        _path = path;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        double? expectedValue = _expected;
        if (expectedValue is null && _min is null && _max is null)
        {
            if (!TryParseNumber(input.Expected, out var fromCase))
            {
                return Verdict.Error("no value, min or max configured and the case's expected output is not a number");
            }

            expectedValue = fromCase;
        }

        if (!TryRead(input.Output, out var actual, out var problem))
        {
            return Verdict.Indeterminate(problem!);
        }

        var got = Format(actual);
        if (expectedValue is { } expected && Math.Abs(actual - expected) > _tolerance)
        {
            var within = _tolerance > 0 ? $" ± {Format(_tolerance)}" : string.Empty;
            return Verdict.NoMatch($"expected {Format(expected)}{within}, got {got}", $"{got} is not {Format(expected)}{within}");
        }

        if ((_min is { } min && actual < min) || (_max is { } max && actual > max))
        {
            var range = $"[{(_min is null ? "-∞" : Format(_min.Value))}, {(_max is null ? "∞" : Format(_max.Value))}]";
            return Verdict.NoMatch($"expected a number in {range}, got {got}", $"{got} is outside {range}");
        }

        return Verdict.Match($"{got} as expected", $"expected a different number, got {got}");
    }

    private bool TryRead(string output, out double value, out string? problem)
    {
        value = 0;
        problem = null;
        if (_path is not null)
        {
            using var document = TryParseJson(output, out var error);
            if (document is null)
            {
                problem = $"output is not valid JSON: {error}";
                return false;
            }

            if (!_path.TryEvaluate(document.RootElement, out var element, out var notFound))
            {
                problem = notFound;
                return false;
            }

            if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value))
            {
                return true;
            }

            if (element.ValueKind == JsonValueKind.String && TryParseNumber(element.GetString(), out value))
            {
                return true;
            }

            problem = $"{_path} is {JsonPath.Kind(element)}, not a number";
            return false;
        }

        if (TryParseNumber(output, out value))
        {
            return true;
        }

        var matches = NumberPattern.Matches(output);
        if (matches.Count == 1 && TryParseNumber(matches[0].Value, out value))
        {
            return true;
        }

        problem = matches.Count == 0
            ? $"no number in the output {Quote(output.Trim())}"
            : $"{matches.Count} numbers in the output, expected exactly one (set a json path)";
        return false;
    }
}

/// <summary>length: the trimmed output's length in user-perceived characters (grapheme clusters) is within [min, max].</summary>
internal sealed class LengthScorer : DeterministicScorer
{
    private readonly int? _min;
    private readonly int? _max;

    public LengthScorer(int? min, int? max, bool negated)
        : base("length", negated)
    {
        _min = min;
        _max = max;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        var length = new StringInfo(Normalize(input.Output.Trim())).LengthInTextElements;
        var range = _min is not null && _max is not null ? $"{_min}..{_max}" : _min is not null ? $"at least {_min}" : $"at most {_max}";
        if ((_min is { } min && length < min) || (_max is { } max && length > max))
        {
            return Verdict.NoMatch($"expected {range} characters, got {length}", $"{length} characters, not {range}");
        }

        return Verdict.Match($"{length} characters ({range})", $"expected a length outside {range}, got {length} characters");
    }
}

/// <summary>cost-max: the call's cost in USD is at most the value; unknown cost fails (an unknown price is not zero).</summary>
internal sealed class CostMaxScorer : DeterministicScorer
{
    private readonly decimal _max;

    public CostMaxScorer(decimal max, bool negated)
        : base("cost-max", negated)
    {
        _max = max;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        if (input.CostUsd is not { } cost)
        {
            return Verdict.Indeterminate("cost unknown (the model has no price in the catalog); add it to llmops.models.yaml");
        }

        return cost <= _max
            ? Verdict.Match($"cost ${Format(cost)} ≤ ${Format(_max)}", $"expected cost above ${Format(_max)}, got ${Format(cost)}")
            : Verdict.NoMatch($"cost ${Format(cost)} exceeds the max ${Format(_max)}", $"cost ${Format(cost)} > ${Format(_max)}");
    }
}

/// <summary>latency-max: the call's latency in ms is at most the value.</summary>
internal sealed class LatencyMaxScorer : DeterministicScorer
{
    private readonly double _max;

    public LatencyMaxScorer(double max, bool negated)
        : base("latency-max", negated)
    {
        _max = max;
    }

    private protected override Verdict Check(ScoringInput input)
    {
        var got = input.LatencyMs.ToString("0", CultureInfo.InvariantCulture);
        return input.LatencyMs <= _max
            ? Verdict.Match($"latency {got} ms ≤ {Format(_max)} ms", $"expected latency above {Format(_max)} ms, got {got} ms")
            : Verdict.NoMatch($"latency {got} ms exceeds the max {Format(_max)} ms", $"latency {got} ms > {Format(_max)} ms");
    }
}
