using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>Builds scorers from <see cref="ScorerSpec"/>s, refusing bad specs with a <see cref="ScorerSpecException"/> that says what to fix.</summary>
public static class ScorerFactory
{
    /// <summary>The match timeout of regex scorers: a match that runs longer is errored, never passed.</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The deterministic types (each also accepted with a "not-" prefix).</summary>
    public static IReadOnlyList<string> DeterministicTypes { get; } = new[]
    {
        "equals", "contains", "icontains", "regex", "is-json", "json-schema", "json-path", "numeric", "length", "cost-max", "latency-max",
    };

    /// <summary>The LLM-as-judge types.</summary>
    public static IReadOnlyList<string> JudgeTypes { get; } = new[] { "judge", "llm-rubric" };

    /// <summary>Creates a deterministic scorer; judge specs need <see cref="Create(ScorerSpec, JudgeScorer?)"/> with a judge.</summary>
    /// <exception cref="ScorerSpecException">The spec is invalid.</exception>
    public static IScorer Create(ScorerSpec spec) => Create(spec, null);

    /// <summary>Creates a scorer; judge specs are bound to <paramref name="judge"/> (a <see cref="JudgeAssertion"/>).</summary>
    /// <exception cref="ScorerSpecException">The spec is invalid, or it is a judge spec and no judge is configured.</exception>
    public static IScorer Create(ScorerSpec spec, JudgeScorer? judge) => Create(spec, judge, DefaultRegexTimeout);

    internal static IScorer Create(ScorerSpec spec, JudgeScorer? judge, TimeSpan regexTimeout)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        var raw = spec.Type?.Trim() ?? string.Empty;
        if (raw.Length == 0)
        {
            throw new ScorerSpecException("(no type)", $"the assertion has no type; use one of {string.Join(", ", DeterministicTypes)}, judge");
        }

        var type = raw.ToLowerInvariant();
        var negated = type.StartsWith("not-", StringComparison.Ordinal);
        var baseType = negated ? type.Substring(4) : type;

        if (baseType is "judge" or "llm-rubric")
        {
            if (negated)
            {
                throw new ScorerSpecException(raw, "a judge cannot be negated; write the rubric the other way round");
            }

            if (string.IsNullOrWhiteSpace(spec.Rubric) && ScoringValues.AsString(spec.Value) is not { Length: > 0 })
            {
                throw new ScorerSpecException(raw, "a judge needs a rubric (what a good answer is)");
            }

            if (judge is null)
            {
                throw new ScorerSpecException(raw, "no judge model is configured; set the judge model (a pinned snapshot id) in the eval config");
            }

            if (spec.Min is { } threshold && (threshold < 0 || threshold > 1))
            {
                throw new ScorerSpecException(raw, $"min (the passing score) must be within 0..1, got {threshold}");
            }

            return new JudgeAssertion(judge, spec.Rubric ?? ScoringValues.AsString(spec.Value)!, spec.Min);
        }

        switch (baseType)
        {
            case "equals":
                return new EqualsScorer(ScoringValues.AsString(spec.Value), spec.IgnoreCase, negated);
            case "contains":
            case "icontains":
                if (spec.Any && spec.All)
                {
                    throw new ScorerSpecException(raw, "set either any or all, not both");
                }

                IReadOnlyList<string>? values = null;
                if (spec.Value is not null)
                {
                    values = ScoringValues.AsStringList(spec.Value);
                    if (values is null || values.Count == 0)
                    {
                        throw new ScorerSpecException(raw, "value must be a string or a non-empty list of strings");
                    }

                    if (values.Contains(string.Empty))
                    {
                        throw new ScorerSpecException(raw, "an empty string is contained in every output; remove it");
                    }
                }

                return new ContainsScorer(baseType, values, spec.Any, spec.IgnoreCase || baseType == "icontains", negated);
            case "regex":
                var pattern = ScoringValues.AsString(spec.Value);
                if (string.IsNullOrEmpty(pattern))
                {
                    throw new ScorerSpecException(raw, "value must be a regular expression");
                }

                try
                {
                    var options = RegexOptions.CultureInvariant | (spec.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
                    return new RegexScorer(new Regex(pattern, options, regexTimeout), negated);
                }
                catch (ArgumentException ex)
                {
                    throw new ScorerSpecException(raw, $"invalid regular expression {ScoringValues.Quote(pattern)}: {ex.Message}");
                }

            case "is-json":
                return new IsJsonScorer(negated);
            case "json-schema":
                return new JsonSchemaScorer(CompileSchema(raw, spec.Value, spec.Formats), negated);
            case "json-path":
                var path = ParsePath(raw, spec.Path, required: true)!;
                if (spec.Value is null)
                {
                    throw new ScorerSpecException(raw, $"value (the expected value at {path}) is required; to expect JSON null, write the string \"null\"");
                }

                JsonElement expectedJson;
                try
                {
                    expectedJson = ScoringValues.ToJsonElement(spec.Value);
                }
                catch (NotSupportedException ex)
                {
                    throw new ScorerSpecException(raw, $"value is not a JSON value: {ex.Message}");
                }

                return new JsonPathScorer(path, expectedJson, Tolerance(raw, spec), negated);
            case "numeric":
                double? expected = null;
                if (spec.Value is not null)
                {
                    if (!ScoringValues.TryAsDouble(spec.Value, out var number))
                    {
                        throw new ScorerSpecException(raw, $"value must be a number, got {ScoringValues.Quote(ScoringValues.AsString(spec.Value))}");
                    }

                    expected = number;
                }

                if (spec.Min is { } lo && spec.Max is { } hi && lo > hi)
                {
                    throw new ScorerSpecException(raw, $"min {lo} is greater than max {hi}");
                }

                return new NumericScorer(expected, Tolerance(raw, spec), spec.Min, spec.Max, ParsePath(raw, spec.Path, required: false), negated);
            case "length":
                if (spec.Min is null && spec.Max is null)
                {
                    throw new ScorerSpecException(raw, "set min and/or max (characters)");
                }

                var min = Count(raw, "min", spec.Min);
                var max = Count(raw, "max", spec.Max);
                if (min > max)
                {
                    throw new ScorerSpecException(raw, $"min {min} is greater than max {max}");
                }

                return new LengthScorer(min, max, negated);
            case "cost-max":
                var cost = Limit(raw, spec, "USD");
                return new CostMaxScorer((decimal)cost, negated);
            case "latency-max":
                return new LatencyMaxScorer(Limit(raw, spec, "ms"), negated);
            default:
                throw new ScorerSpecException(raw, $"unknown scorer type; use one of {string.Join(", ", DeterministicTypes)} (each also as not-...), judge");
        }
    }

    private static JsonSchemaValidator CompileSchema(string raw, object? value, bool formats)
    {
        JsonElement schema;
        try
        {
            schema = value switch
            {
                null => throw new ScorerSpecException(raw, "value must be a JSON schema"),
                string text => JsonDocument.Parse(text).RootElement.Clone(),
                _ => ScoringValues.ToJsonElement(value),
            };
        }
        catch (JsonException ex)
        {
            throw new ScorerSpecException(raw, $"the schema is not valid JSON: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            throw new ScorerSpecException(raw, $"the schema is not a JSON value: {ex.Message}");
        }

        try
        {
            return JsonSchemaValidator.Compile(schema, formats);
        }
        catch (FormatException ex)
        {
            throw new ScorerSpecException(raw, ex.Message);
        }
    }

    private static JsonPath? ParsePath(string raw, string? path, bool required)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return required ? throw new ScorerSpecException(raw, "path is required (e.g. $.category or $.items[0].name)") : null;
        }

        try
        {
            return JsonPath.Parse(path!);
        }
        catch (FormatException ex)
        {
            throw new ScorerSpecException(raw, ex.Message);
        }
    }

    private static double Tolerance(string raw, ScorerSpec spec) =>
        spec.Tolerance is { } t
            ? (t >= 0 && !double.IsNaN(t) ? t : throw new ScorerSpecException(raw, $"tolerance must be zero or positive, got {t}"))
            : 0;

    private static int? Count(string raw, string name, double? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v < 0 || Math.Floor(v) != v || v > int.MaxValue)
        {
            throw new ScorerSpecException(raw, $"{name} must be a whole number of characters ≥ 0, got {v}");
        }

        return (int)v;
    }

    private static double Limit(string raw, ScorerSpec spec, string unit)
    {
        var source = spec.Value ?? spec.Max;
        if (!ScoringValues.TryAsDouble(source, out var limit) || limit < 0 || double.IsInfinity(limit))
        {
            throw new ScorerSpecException(raw, $"value must be a number ≥ 0 ({unit}), got {ScoringValues.Quote(ScoringValues.AsString(source))}");
        }

        return limit;
    }
}
