using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Scoring;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>Maps the config/dataset assertion model (<see cref="AssertionSpec"/>) onto the scorers' <see cref="ScorerSpec"/>.</summary>
public static class AssertionMapping
{
    public static ScorerSpec ToScorerSpec(AssertionSpec assertion, JudgeConfig? judge)
    {
        if (assertion is null) throw new ArgumentNullException(nameof(assertion));
        string baseType = assertion.BaseType;
        object? value = assertion.Value;
        bool any = false, all = false;
        double? min = assertion.Min;
        string? rubric = assertion.Rubric;

        switch (baseType)
        {
            case AssertionTypes.Contains:
            case AssertionTypes.IContains:
                if (assertion.Values.Count > 1 || (assertion.Values.Count == 1 && assertion.Match == AssertionMatch.Any))
                {
                    value = assertion.Values.ToList();
                    any = assertion.Match == AssertionMatch.Any;
                    all = !any;
                }
                else if (assertion.Values.Count == 1)
                {
                    value = assertion.Values[0];
                }

                break;
            case AssertionTypes.JsonPath:
                if (assertion.Value is not null)
                {
                    using var document = JsonDocument.Parse(assertion.Value);
                    value = document.RootElement.Clone();
                }

                break;
            case AssertionTypes.Numeric:
            case AssertionTypes.CostMax:
            case AssertionTypes.LatencyMax:
                if (assertion.Value is not null
                    && double.TryParse(assertion.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    value = number;
                }

                break;
            case AssertionTypes.Judge:
                rubric ??= judge?.RubricDefault;
                min = assertion.Threshold ?? judge?.PassThreshold;
                break;
        }

        return new ScorerSpec
        {
            Type = assertion.Type,
            Value = value,
            Path = assertion.Path,
            Tolerance = assertion.Tolerance,
            Min = min,
            Max = assertion.Max,
            Any = any,
            All = all,
            Rubric = rubric,
            Formats = assertion.Formats,
        };
    }

    /// <summary>A stable hash of a case's inputs and expectation (equal fingerprints = unchanged case).</summary>
    public static string Fingerprint(EvalCase evalCase, IEnumerable<AssertionSpec> extraAssertions)
    {
        var text = new StringBuilder();
        text.Append("id=").Append(evalCase.Id).Append('\n');
        foreach (var pair in evalCase.Variables.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("var ").Append(JsonSerializer.Serialize(pair.Key)).Append('=').Append(JsonSerializer.Serialize(pair.Value)).Append('\n');
        }

        text.Append("expected=").Append(evalCase.Expected is null ? "null" : JsonSerializer.Serialize(evalCase.Expected)).Append('\n');
        foreach (var a in evalCase.Assertions.Concat(extraAssertions))
        {
            text.Append("assert ").Append(JsonSerializer.Serialize(new object?[]
            {
                a.Type, a.Value, a.Values, a.Match.ToString(), a.Path, a.Tolerance, a.Min, a.Max, a.Rubric, a.Threshold,
            })).Append('\n');
            if (a.Formats)
            {
                // Appended only when set, so that the fingerprints of existing cases stay as they were.
                text.Append("formats=true\n");
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "sha256:" + Convert.ToHexString(hash).ToLowerInvariant();
    }
}
