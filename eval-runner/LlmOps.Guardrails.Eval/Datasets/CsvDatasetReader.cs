using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>
/// CSV datasets: a header row; <c>id</c>, <c>expected</c>, <c>tags</c> (semicolon-separated), <c>description</c>,
/// <c>assert.&lt;type&gt;</c> columns (one assertion per non-empty cell), and every other column a variable.
/// </summary>
internal static class CsvDatasetReader
{
    public const string AssertPrefix = "assert.";
    private static readonly string[] Reserved = { "id", "expected", "tags", "description" };

    public static void Read(string text, NodeReader reader, CaseReader cases)
    {
        var rows = CsvParser.Parse(text, reader);
        if (rows is null)
        {
            return;
        }

        rows = rows.Where(r => !(r.Cells.Count == 1 && r.Cells[0].Value.Length == 0)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var header = rows[0].Cells;
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in header)
        {
            var name = cell.Value.Trim();
            if (name.Length == 0)
            {
                reader.Report(EvalDiagnosticCodes.InvalidCsv, cell.Line, cell.Column, "A header cell is empty. Name every column: id, expected, tags, assert.<type>, or a variable name.");
            }
            else if (!seen.Add(name))
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, cell.Line, cell.Column, $"The column '{NodeReader.Clip(name)}' appears twice in the header. Rename or remove one.");
            }
            else if (name.StartsWith(AssertPrefix, StringComparison.Ordinal))
            {
                var type = name.Substring(AssertPrefix.Length);
                if (!AssertionTypes.IsKnown(type))
                {
                    var suggestion = NodeReader.Suggest(type, AssertionTypes.All);
                    reader.Report(EvalDiagnosticCodes.UnknownScorer, cell.Line, cell.Column,
                        $"Unknown scorer '{NodeReader.Clip(type)}' in column '{NodeReader.Clip(name)}'. " + (suggestion is null ? string.Empty : $"Did you mean 'assert.{suggestion}'? ") + $"Use assert.<type> with one of: {string.Join(", ", AssertionTypes.BaseTypes)} (or a not- form).");
                }
            }
            else if (!Reserved.Contains(name))
            {
                cases.CheckVariableName(name, cell.Line, cell.Column);
            }

            names.Add(name);
        }

        if (!names.Contains("id"))
        {
            reader.Report(EvalDiagnosticCodes.MissingCaseId, header[0].Line, header[0].Column, "The CSV header has no 'id' column. Add an 'id' column with a unique id for every case.");
        }

        if (reader.Diagnostics.Count > 0)
        {
            return;
        }

        for (var r = 1; r < rows.Count && reader.Diagnostics.Count < DatasetReader.MaxDiagnostics; r++)
        {
            var (rowLine, cells) = rows[r];
            if (cells.Count != names.Count)
            {
                var at = cells.Count > names.Count ? cells[names.Count] : cells[cells.Count - 1];
                reader.Report(EvalDiagnosticCodes.InvalidCsv, at.Line, cells.Count > names.Count ? at.Column : at.Column + Math.Max(0, at.Value.Length),
                    $"Row {r + 1} has {cells.Count} cells but the header has {names.Count}. Add or remove cells (quote cells that contain commas).");
                continue;
            }

            ReadRow(reader, cases, names, cells, rowLine, r + 1);
        }
    }

    private static void ReadRow(NodeReader reader, CaseReader cases, List<string> names, List<CsvCell> cells, int rowLine, int rowNumber)
    {
        var before = reader.Diagnostics.Count;
        var path = $"row {rowNumber}";
        string? id = null;
        string? expected = null;
        string? description = null;
        IReadOnlyList<string> tags = Array.Empty<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var assertions = new List<AssertionSpec>();
        for (var c = 0; c < names.Count; c++)
        {
            var name = names[c];
            var cell = cells[c];
            switch (name)
            {
                case "id":
                    id = cases.CheckId(cell.Value, cell.Line, cell.Column, path);
                    break;
                case "expected":
                    expected = cell.Value.Length == 0 ? null : cell.Value;
                    break;
                case "description":
                    description = cell.Value.Length == 0 ? null : cell.Value;
                    break;
                case "tags":
                    tags = CaseReader.SplitTags(cell.Value);
                    break;
                default:
                    if (name.StartsWith(AssertPrefix, StringComparison.Ordinal))
                    {
                        if (cell.Value.Trim().Length > 0 && CellAssertion(reader, name.Substring(AssertPrefix.Length), cell, $"{path}.{name}") is { } spec)
                        {
                            assertions.Add(spec);
                        }
                    }
                    else
                    {
                        variables[name] = cell.Value;
                    }

                    break;
            }
        }

        cases.Add(id, variables, expected, assertions, tags, description, new YMapping(new SourcePosition(rowLine, 1)), before);
    }

    /// <summary>Builds the assertion of one <c>assert.&lt;type&gt;</c> cell by the cell conventions in docs/eval-config.md.</summary>
    private static AssertionSpec? CellAssertion(NodeReader reader, string type, CsvCell cell, string path)
    {
        var at = new SourcePosition(cell.Line, cell.Column);
        var mapping = new YMapping(at);
        void Add(string key, string value, YScalarType kind) =>
            mapping.Entries.Add(new YEntry(new YScalar(at, key, YScalarType.Text), new YScalar(at, value, kind)));

        Add("type", type, YScalarType.Text);
        var value = cell.Value;
        var baseType = type.StartsWith(AssertionTypes.NotPrefix, StringComparison.Ordinal) ? type.Substring(4) : type;
        switch (baseType)
        {
            case AssertionTypes.IsJson:
                var flag = value.Trim().ToLowerInvariant();
                if (flag is "false" or "no" or "0")
                {
                    return null;
                }

                if (flag is not ("true" or "yes" or "1" or "x"))
                {
                    reader.Report(EvalDiagnosticCodes.InvalidValue, cell.Line, cell.Column, $"'{path}' must be true or false (or empty), not '{NodeReader.Clip(value)}'.");
                    return null;
                }

                break;
            case AssertionTypes.JsonPath:
                var eq = value.IndexOf('=');
                Add("path", (eq < 0 ? value : value.Substring(0, eq)).Trim(), YScalarType.Text);
                if (eq >= 0)
                {
                    Add("value", value.Substring(eq + 1).Trim(), YScalarType.Plain);
                }

                break;
            case AssertionTypes.Numeric:
                var parts = value.Split(new[] { "+-", "±" }, 2, StringSplitOptions.None);
                Add("value", parts[0].Trim(), YScalarType.Plain);
                if (parts.Length == 2)
                {
                    Add("tolerance", parts[1].Trim(), YScalarType.Plain);
                }

                break;
            case AssertionTypes.Length:
                var range = value.Split(new[] { ".." }, 2, StringSplitOptions.None);
                if (range.Length == 1)
                {
                    Add("max", range[0].Trim(), YScalarType.Plain);
                }
                else
                {
                    if (range[0].Trim().Length > 0)
                    {
                        Add("min", range[0].Trim(), YScalarType.Plain);
                    }

                    if (range[1].Trim().Length > 0)
                    {
                        Add("max", range[1].Trim(), YScalarType.Plain);
                    }
                }

                break;
            case AssertionTypes.Judge:
                Add("rubric", value, YScalarType.Text);
                break;
            case AssertionTypes.CostMax or AssertionTypes.LatencyMax:
                Add("value", value.Trim(), YScalarType.Plain);
                break;
            default:
                Add("value", value, YScalarType.Text);
                break;
        }

        return AssertionReader.Read(reader, mapping, path);
    }
}
