using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>Turns case mappings (from JSONL or YAML) into <see cref="EvalCase"/>s, with the checks every format shares.</summary>
internal sealed class CaseReader
{
    public static readonly string[] CaseKeys = { "id", "description", "vars", "expected", "assert", "tags" };

    private static readonly Regex VariableName = new("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

    private readonly NodeReader _reader;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public CaseReader(NodeReader reader)
    {
        _reader = reader;
    }

    public List<EvalCase> Cases { get; } = new();

    public void ReadCase(YNode node, string path)
    {
        if (node is not YMapping mapping)
        {
            _reader.Report(EvalDiagnosticCodes.InvalidValue, node, $"Case '{path}' must be an object/mapping with 'id', 'vars', 'expected', 'assert' and 'tags', not {node.KindName()}.");
            return;
        }

        var before = _reader.Diagnostics.Count;
        _reader.CheckKeys(mapping, path, CaseKeys);

        var idNode = _reader.Get(mapping, "id");
        string? id = null;
        if (NodeReader.IsUnset(idNode))
        {
            _reader.Report(EvalDiagnosticCodes.MissingCaseId, idNode ?? mapping, $"Case '{path}' has no 'id'. Give every case a unique id (e.g. \"refund-double-charge\"): results are paired by it.");
        }
        else if (idNode is not YScalar idScalar)
        {
            _reader.Report(EvalDiagnosticCodes.InvalidValue, idNode!, $"The 'id' of case '{path}' must be text, not {idNode!.KindName()}.");
        }
        else if (idScalar.Value.Trim().Length == 0)
        {
            _reader.Report(EvalDiagnosticCodes.MissingCaseId, idScalar, $"The 'id' of case '{path}' is empty. Give every case a unique, non-blank id.");
        }
        else
        {
            id = idScalar.Value.Trim();
            if (_ids.TryGetValue(id, out var firstLine))
            {
                _reader.Report(EvalDiagnosticCodes.DuplicateCaseId, idScalar, $"The case id '{NodeReader.Clip(id)}' is already used by the case on line {firstLine}. Give this case a different id.");
                id = null;
            }
            else
            {
                _ids[id] = node.At.Line;
            }
        }

        var variables = ReadVariables(_reader.Get(mapping, "vars"), path + ".vars");
        var expectedNode = _reader.Get(mapping, "expected");
        var expected = NodeReader.IsUnset(expectedNode) ? null : expectedNode is YScalar s ? s.Value : JsonText.From(expectedNode!);
        var assertions = AssertionReader.ReadList(_reader, _reader.Get(mapping, "assert"), path + ".assert");
        var tags = ReadTags(_reader.Get(mapping, "tags"), path + ".tags");
        var description = _reader.Text(_reader.Get(mapping, "description"), path + ".description");
        Add(id, variables, expected, assertions, tags, description, node, before);
    }

    public void Add(string? id, Dictionary<string, string> variables, string? expected, List<AssertionSpec> assertions, IReadOnlyList<string> tags, string? description, YNode node, int diagnosticsBefore)
    {
        foreach (var assertion in assertions)
        {
            if (expected is null && AssertionReader.NeedsExpected(assertion))
            {
                _reader.Report(EvalDiagnosticCodes.MissingKey, assertion.Line, assertion.Column,
                    $"The '{assertion.Type}' assertion of case '{id ?? "?"}' has no value and the case has no 'expected'. Add 'value' to the assertion or 'expected' to the case.");
            }
        }

        if (id is null || _reader.Diagnostics.Count > diagnosticsBefore)
        {
            return;
        }

        Cases.Add(new EvalCase
        {
            Id = id,
            Variables = variables,
            Expected = expected,
            Assertions = assertions,
            Tags = tags,
            Description = description,
            Line = node.At.Line,
        });
    }

    /// <summary>For formats that read ids themselves (CSV): checks emptiness and duplicates.</summary>
    public string? CheckId(string? raw, int line, int column, string path)
    {
        var id = raw?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            _reader.Report(EvalDiagnosticCodes.MissingCaseId, line, column, $"Case '{path}' has an empty 'id'. Give every case a unique, non-blank id.");
            return null;
        }

        if (_ids.TryGetValue(id!, out var firstLine))
        {
            _reader.Report(EvalDiagnosticCodes.DuplicateCaseId, line, column, $"The case id '{NodeReader.Clip(id!)}' is already used by the case on line {firstLine}. Give this case a different id.");
            return null;
        }

        _ids[id!] = line;
        return id;
    }

    public bool CheckVariableName(string name, int line, int column)
    {
        if (VariableName.IsMatch(name))
        {
            return true;
        }

        _reader.Report(EvalDiagnosticCodes.InvalidValue, line, column, $"'{NodeReader.Clip(name)}' is not a valid variable name. Use letters, digits, '_', '.' and '-', starting with a letter or '_', as in the prompt's {{{{placeholders}}}}.");
        return false;
    }

    private Dictionary<string, string> ReadVariables(YNode? node, string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (NodeReader.IsUnset(node) || _reader.Mapping(node!, path) is not { } mapping)
        {
            return variables;
        }

        foreach (var entry in mapping.Entries)
        {
            if (!CheckVariableName(entry.Key.Value, entry.Key.At.Line, entry.Key.At.Column))
            {
                continue;
            }

            variables[entry.Key.Value] = entry.Value switch
            {
                YScalar { IsNull: true } => string.Empty,
                YScalar scalar => scalar.Value,
                _ => JsonText.From(entry.Value),
            };
        }

        return variables;
    }

    private IReadOnlyList<string> ReadTags(YNode? node, string path)
    {
        var list = _reader.TextList(node, path);
        if (list is null)
        {
            return Array.Empty<string>();
        }

        var tags = new List<string>();
        foreach (var (tag, at) in list)
        {
            if (tag.Trim().Length == 0)
            {
                _reader.Report(EvalDiagnosticCodes.InvalidValue, at, $"'{path}' holds an empty tag. Remove it.");
            }
            else if (!tags.Contains(tag.Trim()))
            {
                tags.Add(tag.Trim());
            }
        }

        return tags;
    }

    public static IReadOnlyList<string> SplitTags(string cell) =>
        cell.Split(';').Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
