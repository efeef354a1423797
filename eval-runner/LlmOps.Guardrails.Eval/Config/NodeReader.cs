using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>Typed reads of <see cref="YNode"/> values that report LLME102/103/104 at the value's position.</summary>
internal sealed class NodeReader
{
    public NodeReader(string file, List<EvalDiagnostic> diagnostics)
    {
        File = file;
        Diagnostics = diagnostics;
    }

    public string File { get; }

    public List<EvalDiagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Count > 0;

    public void Report(string code, YNode at, string message) =>
        Diagnostics.Add(new EvalDiagnostic(code, message, File, at.At.Line, at.At.Column));

    public void Report(string code, int line, int column, string message) =>
        Diagnostics.Add(new EvalDiagnostic(code, message, File, Math.Max(1, line), Math.Max(1, column)));

    public YMapping? Mapping(YNode node, string path)
    {
        if (node is YMapping mapping)
        {
            return mapping;
        }

        Report(EvalDiagnosticCodes.InvalidValue, node, $"'{path}' must be a mapping (key: value lines), not {node.KindName()}. Write it as '{path}: {{ key: value }}' or indented keys below it.");
        return null;
    }

    /// <summary>Reports every key not in <paramref name="known"/>, with "did you mean" when one is close.</summary>
    public void CheckKeys(YMapping mapping, string path, IReadOnlyCollection<string> known, Func<YScalar, bool>? handled = null)
    {
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (known.Contains(key) || (handled?.Invoke(entry.Key) ?? false))
            {
                continue;
            }

            var where = path.Length == 0 ? "at the top level" : $"in '{path}'";
            var suggestion = Suggest(key, known);
            var hint = suggestion is null
                ? $"Remove it; the keys allowed {where} are: {string.Join(", ", known)}."
                : $"Did you mean '{suggestion}'? Rename it, or remove it.";
            Report(EvalDiagnosticCodes.UnknownKey, entry.Key, $"Unknown key '{key}' {where}. {hint}");
        }
    }

    public YNode? Get(YMapping mapping, string key) =>
        mapping.Get(key);

    public YScalar? KeyOf(YMapping mapping, string key) =>
        mapping.Find(key)?.Key;

    public static bool IsUnset(YNode? node) => node is null || node is YScalar { IsNull: true };

    public string? Text(YNode? node, string path, bool required = false, YNode? parent = null)
    {
        if (IsUnset(node))
        {
            if (required)
            {
                var at = node ?? parent;
                if (at is not null)
                {
                    Report(EvalDiagnosticCodes.MissingKey, at, $"'{path}' is required and missing or empty. Add '{path}: <value>'.");
                }
            }

            return null;
        }

        if (node is YScalar scalar)
        {
            return scalar.Value;
        }

        Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be text, not {node!.KindName()}. Write a single value.");
        return null;
    }

    public long? Integer(YNode? node, string path, long min, long max)
    {
        if (IsUnset(node))
        {
            return null;
        }

        if (node is YScalar scalar && scalar.Type is not (YScalarType.Text or YScalarType.Boolean)
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                Report(EvalDiagnosticCodes.InvalidValue, node, $"'{path}' is {value}, out of range. Use a whole number from {min} to {max}.");
                return null;
            }

            return value;
        }

        Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be a whole number from {min} to {max}; got {Describe(node!)}. Write the number without quotes.");
        return null;
    }

    public double? Number(YNode? node, string path, double min, double max)
    {
        if (IsUnset(node))
        {
            return null;
        }

        if (node is YScalar scalar && scalar.Type is not (YScalarType.Text or YScalarType.Boolean) && TryNumber(scalar.Value, out var value))
        {
            if (value < min || value > max)
            {
                Report(EvalDiagnosticCodes.InvalidValue, node, $"'{path}' is {value.ToString(CultureInfo.InvariantCulture)}, out of range. Use {Range(min, max)}.");
                return null;
            }

            return value;
        }

        Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be {Range(min, max)}; got {Describe(node!)}. Write the number without quotes.");
        return null;
    }

    public string? Choice(YNode? node, string path, IReadOnlyCollection<string> choices)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (choices.Contains(text))
        {
            return text;
        }

        var suggestion = Suggest(text, choices);
        Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' is '{Clip(text)}'. Use one of: {string.Join(", ", choices)}." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"));
        return null;
    }

    /// <summary>A list of text; a single value is a list of one.</summary>
    public List<(string Value, YNode Node)>? TextList(YNode? node, string path)
    {
        if (IsUnset(node))
        {
            return null;
        }

        var result = new List<(string, YNode)>();
        if (node is YScalar single)
        {
            result.Add((single.Value, single));
            return result;
        }

        if (node is YSequence sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var item = sequence.Items[i];
                if (item is YScalar { IsNull: false } scalar)
                {
                    result.Add((scalar.Value, scalar));
                }
                else
                {
                    Report(EvalDiagnosticCodes.InvalidValue, item, $"'{path}[{i}]' must be text, not {item.KindName()}. Write each item as one value.");
                }
            }

            return result;
        }

        Report(EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be a list of text (e.g. [a, b]), not {node!.KindName()}.");
        return null;
    }

    public static bool TryNumber(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || text.Contains('_') || text.StartsWith(".", StringComparison.Ordinal))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    public static string Describe(YNode node) => node switch
    {
        YScalar { Type: YScalarType.Text } s => $"the text \"{Clip(s.Value)}\"" + (TryNumber(s.Value, out _) ? " (remove the quotes)" : string.Empty),
        YScalar { IsNull: false } s => $"'{Clip(s.Value)}'",
        _ => node.KindName(),
    };

    public static string Clip(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static string Range(double min, double max) =>
        max >= 1e15 && min <= -1e15 ? "a number"
        : max >= 1e15 ? $"a number of at least {min.ToString(CultureInfo.InvariantCulture)}"
        : $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The closest candidate within a small edit distance, or null.</summary>
    public static string? Suggest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var normalized = value.ToLowerInvariant().Replace('-', '_');
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, candidate.ToLowerInvariant().Replace('-', '_'));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var allowed = Math.Max(1, Math.Min(3, value.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
