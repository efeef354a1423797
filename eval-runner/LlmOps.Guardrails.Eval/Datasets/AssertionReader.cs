using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>Reads assertion specs from the positioned tree (YAML config and datasets, JSONL cases) and from CSV cells.</summary>
internal static class AssertionReader
{
    /// <summary>The key that keeps an assertion in the file without scoring it; its value says why.</summary>
    public const string DisabledKey = "disabled";

    private static readonly string[] AllKeys = { "type", "value", "any", "all", "path", "tolerance", "min", "max", "rubric", "threshold", "formats" };

    private static readonly Regex JsonPathSyntax = new(
        @"^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\['[^']*'\]|\[""[^""]*""\])*$",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The keys each base type accepts besides <c>type</c>.</summary>
    private static IReadOnlyList<string> KeysFor(string baseType) => baseType switch
    {
        AssertionTypes.EqualsType => new[] { "value" },
        AssertionTypes.Contains or AssertionTypes.IContains => new[] { "value", "any", "all" },
        AssertionTypes.Regex => new[] { "value" },
        AssertionTypes.IsJson => Array.Empty<string>(),
        AssertionTypes.JsonSchema => new[] { "value", "formats" },
        AssertionTypes.JsonPath => new[] { "path", "value" },
        AssertionTypes.Numeric => new[] { "value", "tolerance" },
        AssertionTypes.Length => new[] { "min", "max" },
        AssertionTypes.CostMax or AssertionTypes.LatencyMax => new[] { "value" },
        AssertionTypes.Judge => new[] { "rubric", "threshold" },
        _ => AllKeys,
    };

    /// <summary>Reads a list of assertions (<c>assert:</c> or <c>scorers:</c>).</summary>
    public static List<AssertionSpec> ReadList(NodeReader reader, YNode? node, string path)
    {
        var result = new List<AssertionSpec>();
        if (NodeReader.IsUnset(node))
        {
            return result;
        }

        if (node is not YSequence sequence)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be a list of assertions, e.g. [{{ type: contains, value: refund }}], not {node!.KindName()}.");
            return result;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (Read(reader, sequence.Items[i], $"{path}[{i}]") is { } spec)
            {
                result.Add(spec);
            }
        }

        return result;
    }

    /// <summary>One assertion: a mapping with <c>type</c>, or a bare scorer name (<c>- is-json</c>).</summary>
    public static AssertionSpec? Read(NodeReader reader, YNode node, string path)
    {
        if (node is YScalar { IsNull: false } bare)
        {
            var bareType = CheckType(reader, bare, bare.Value, path + ".type");
            if (bareType is null)
            {
                return null;
            }

            var spec = new AssertionSpec { Type = bareType, Line = node.At.Line, Column = node.At.Column };
            return CheckRequired(reader, spec, node, path) ? spec : null;
        }

        if (node is not YMapping mapping)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, node, $"'{path}' must be an assertion mapping such as {{ type: contains, value: refund }}, not {node.KindName()}.");
            return null;
        }

        if (mapping.Entries.Any(e => e.Key.Value == DisabledKey))
        {
            return ReadDisabled(reader, mapping, path);
        }

        var typeNode = reader.Get(mapping, "type");
        if (NodeReader.IsUnset(typeNode))
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, typeNode ?? mapping, $"'{path}.type' is missing. Add 'type: <scorer>' (one of: {string.Join(", ", AssertionTypes.BaseTypes)}, or a not- form).");
            return null;
        }

        if (typeNode is not YScalar typeScalar)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, typeNode!, $"'{path}.type' must be a scorer name, not {typeNode!.KindName()}.");
            return null;
        }

        var type = CheckType(reader, typeScalar, typeScalar.Value, path + ".type");
        if (type is null)
        {
            return null;
        }

        var baseType = type.StartsWith(AssertionTypes.NotPrefix, StringComparison.Ordinal) ? type.Substring(4) : type;
        var allowed = new List<string> { "type" };
        allowed.AddRange(KeysFor(baseType));
        var before = reader.Diagnostics.Count;
        foreach (var entry in mapping.Entries)
        {
            if (allowed.Contains(entry.Key.Value))
            {
                continue;
            }

            var hint = AllKeys.Contains(entry.Key.Value)
                ? $"'{type}' does not use '{entry.Key.Value}'; its keys are: {string.Join(", ", allowed)}. Remove it."
                : NodeReader.Suggest(entry.Key.Value, allowed) is { } s ? $"Did you mean '{s}'?" : $"The keys of '{type}' are: {string.Join(", ", allowed)}. Remove it.";
            reader.Report(EvalDiagnosticCodes.UnknownKey, entry.Key, $"Unknown key '{entry.Key.Value}' in assertion '{path}'. {hint}");
        }

        var valueNode = reader.Get(mapping, "value");
        string? value = null;
        IReadOnlyList<string> values = Array.Empty<string>();
        var match = AssertionMatch.All;
        var formats = false;
        switch (baseType)
        {
            case AssertionTypes.Contains or AssertionTypes.IContains:
                (values, match) = ReadContains(reader, mapping, path);
                value = values.Count == 1 ? values[0] : null;
                break;
            case AssertionTypes.Regex:
                value = reader.Text(valueNode, path + ".value");
                if (value is not null)
                {
                    CheckRegex(reader, valueNode!, value, path + ".value");
                }

                break;
            case AssertionTypes.JsonSchema:
                formats = ReadFlag(reader, reader.Get(mapping, "formats"), path + ".formats");
                value = SchemaSourceReader.Read(reader, valueNode, path + ".value", formats);
                break;
            case AssertionTypes.JsonPath:
                value = NodeReader.IsUnset(valueNode) ? null : valueNode is YScalar { Type: YScalarType.Text } text ? JsonSerializer.Serialize(text.Value) : JsonText.From(valueNode!);
                break;
            case AssertionTypes.Numeric:
                value = NumberText(reader, valueNode, path + ".value", double.MinValue, double.MaxValue);
                break;
            case AssertionTypes.CostMax:
                value = NumberText(reader, valueNode, path + ".value", 0, double.MaxValue);
                break;
            case AssertionTypes.LatencyMax:
                value = NumberText(reader, valueNode, path + ".value", 0, double.MaxValue);
                break;
            case AssertionTypes.EqualsType:
                value = NodeReader.IsUnset(valueNode) ? null : valueNode is YScalar s ? s.Value : JsonText.From(valueNode!);
                break;
        }

        var jsonPath = baseType == AssertionTypes.JsonPath ? reader.Text(reader.Get(mapping, "path"), path + ".path") : null;
        if (jsonPath is not null && !JsonPathSyntax.IsMatch(jsonPath))
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, reader.Get(mapping, "path")!, $"'{path}.path' is '{NodeReader.Clip(jsonPath)}', not a supported JSON path. Write it like $.a.b[0] or $['key with spaces'].");
            jsonPath = null;
        }

        double? min = null, max = null;
        if (baseType == AssertionTypes.Length)
        {
            min = reader.Integer(reader.Get(mapping, "min"), path + ".min", 0, int.MaxValue);
            max = reader.Integer(reader.Get(mapping, "max"), path + ".max", 0, int.MaxValue);
            if (min is not null && max is not null && min > max)
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, reader.Get(mapping, "max")!, $"'{path}.max' ({max}) is less than min ({min}). Swap them or fix one.");
            }
        }

        var spec2 = new AssertionSpec
        {
            Type = type,
            Value = value,
            Values = values,
            Match = match,
            Path = jsonPath,
            Tolerance = baseType == AssertionTypes.Numeric ? reader.Number(reader.Get(mapping, "tolerance"), path + ".tolerance", 0, double.MaxValue) : null,
            Min = min,
            Max = max,
            Rubric = baseType == AssertionTypes.Judge ? reader.Text(reader.Get(mapping, "rubric"), path + ".rubric") : null,
            Formats = formats,
            Threshold = baseType == AssertionTypes.Judge ? reader.Number(reader.Get(mapping, "threshold"), path + ".threshold", 0, 1) : null,
            Line = node.At.Line,
            Column = node.At.Column,
        };

        if (reader.Diagnostics.Count > before)
        {
            return null;
        }

        return CheckRequired(reader, spec2, mapping, path) ? spec2 : null;
    }

    /// <summary>
    /// A disabled assertion: <c>disabled</c> holds the reason and <c>type</c> may name any check, known here or not
    /// (an imported one with no native scorer). Its other keys are kept as written, unchecked, as the JSON text of the
    /// whole mapping in <see cref="AssertionSpec.Value"/>, so nothing is lost.
    /// </summary>
    private static AssertionSpec? ReadDisabled(NodeReader reader, YMapping mapping, string path)
    {
        var reason = reader.Text(reader.Get(mapping, DisabledKey), path + "." + DisabledKey);
        var type = reader.Text(reader.Get(mapping, "type"), path + ".type", required: true, parent: mapping);
        if (reason is null || type is null)
        {
            return null;
        }

        if (reason.Trim().Length == 0)
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, reader.Get(mapping, DisabledKey)!, $"'{path}.{DisabledKey}' is empty. Write why the assertion is not scored, e.g. disabled: \"no native scorer runs JavaScript\".");
            return null;
        }

        return new AssertionSpec
        {
            Type = type,
            Value = JsonText.From(mapping),
            DisabledReason = reason,
            Line = mapping.At.Line,
            Column = mapping.At.Column,
        };
    }

    /// <summary>Fields a type cannot do without (value-less equals/contains/json-path/numeric use the case's expected instead).</summary>
    private static bool CheckRequired(NodeReader reader, AssertionSpec spec, YNode at, string path)
    {
        string? missing = spec.BaseType switch
        {
            AssertionTypes.Regex when spec.Value is null => "value: <.NET regular expression>",
            AssertionTypes.JsonSchema when spec.Value is null => "value: { type: object, required: [...] }",
            AssertionTypes.JsonPath when spec.Path is null => "path: $.field",
            AssertionTypes.CostMax when spec.Value is null => "value: <USD per call, e.g. 0.002>",
            AssertionTypes.LatencyMax when spec.Value is null => "value: <milliseconds, e.g. 2000>",
            AssertionTypes.Length when spec.Min is null && spec.Max is null => "min: <chars> and/or max: <chars>",
            _ => null,
        };
        if (missing is null)
        {
            return true;
        }

        reader.Report(EvalDiagnosticCodes.MissingKey, at, $"Assertion '{path}' of type '{spec.Type}' needs '{missing}'. Add it.");
        return false;
    }

    /// <summary>True when the assertion needs the case's <c>expected</c> because it has no value of its own.</summary>
    public static bool NeedsExpected(AssertionSpec spec) => !spec.Disabled && spec.BaseType switch
    {
        AssertionTypes.EqualsType or AssertionTypes.Numeric or AssertionTypes.JsonPath => spec.Value is null,
        AssertionTypes.Contains or AssertionTypes.IContains => spec.Values.Count == 0,
        _ => false,
    };

    private static string? CheckType(NodeReader reader, YNode at, string type, string path)
    {
        if (AssertionTypes.IsKnown(type))
        {
            return type;
        }

        if (type.StartsWith(AssertionTypes.NotPrefix, StringComparison.Ordinal) && AssertionTypes.NotNegatable.Contains(type.Substring(4)))
        {
            reader.Report(EvalDiagnosticCodes.UnknownScorer, at, $"'{type}' does not exist: {type.Substring(4)} has no not- form. Use '{type.Substring(4)}' with a different rubric or limit.");
            return null;
        }

        var suggestion = NodeReader.Suggest(type, AssertionTypes.All);
        reader.Report(EvalDiagnosticCodes.UnknownScorer, at,
            $"Unknown scorer '{NodeReader.Clip(type)}' at '{path}'. " + (suggestion is null ? string.Empty : $"Did you mean '{suggestion}'? ") + $"Use one of: {string.Join(", ", AssertionTypes.BaseTypes)} (or not- + any but judge, cost-max, latency-max).");
        return null;
    }

    private static (IReadOnlyList<string> Values, AssertionMatch Match) ReadContains(NodeReader reader, YMapping mapping, string path)
    {
        var value = reader.Get(mapping, "value");
        var any = reader.Get(mapping, "any");
        var all = reader.Get(mapping, "all");
        var given = new[] { ("value", value), ("any", any), ("all", all) }.Where(p => !NodeReader.IsUnset(p.Item2)).ToList();
        if (given.Count > 1)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, given[1].Item2!, $"Assertion '{path}' has both '{given[0].Item1}' and '{given[1].Item1}'. Keep one: 'value' for one string, 'any' or 'all' for a list.");
            return (Array.Empty<string>(), AssertionMatch.All);
        }

        if (given.Count == 0)
        {
            return (Array.Empty<string>(), AssertionMatch.All);
        }

        var (key, node) = given[0];
        if (key == "value" && node is YSequence)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, node, $"'{path}.value' is a list. Write 'any: [...]' (at least one must occur) or 'all: [...]' (every one must occur).");
            return (Array.Empty<string>(), AssertionMatch.All);
        }

        var list = reader.TextList(node, $"{path}.{key}") ?? new List<(string, YNode)>();
        foreach (var (text, at) in list)
        {
            if (text.Length == 0)
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, at, $"'{path}.{key}' holds an empty string, which every output contains. Remove it.");
            }
        }

        return (list.Select(v => v.Value).ToArray(), key == "any" ? AssertionMatch.Any : AssertionMatch.All);
    }

    private static string? NumberText(NodeReader reader, YNode? node, string path, double min, double max) =>
        reader.Number(node, path, min, max) is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : null;

    public static void CheckRegex(NodeReader reader, YNode at, string pattern, string path)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, at, $"'{path}' is not a valid .NET regular expression ({ex.Message}). Fix the pattern; escape literal characters such as '(' and '.' with '\\'.");
        }
    }

    private static bool ReadFlag(NodeReader reader, YNode? node, string path)
    {
        if (NodeReader.IsUnset(node))
        {
            return false;
        }

        if (node is YScalar { Type: YScalarType.Boolean or YScalarType.Plain, Value: "true" or "false" } flag)
        {
            return flag.Value == "true";
        }

        reader.Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be true or false, not {NodeReader.Describe(node!)}.");
        return false;
    }
}
