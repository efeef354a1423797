using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// promptfoo's CSV tests: a header row; <c>__expected</c>, <c>__expected1</c>…<c>__expectedN</c> hold one assertion each,
/// <c>__description</c> names the test, other <c>__</c> columns steer promptfoo's runner, and every other column is a var.
/// </summary>
internal static class PromptfooCsvTests
{
    public static List<PromptfooTest> Read(string text, string path, string source, NodeReader configReader, ImportedSuite suite)
    {
        var tests = new List<PromptfooTest>();
        var reader = new NodeReader(path, configReader.Diagnostics);
        var rows = CsvParser.Parse(SourceText.StripBom(text), reader);
        if (rows is null || rows.Count == 0)
        {
            return tests;
        }

        var header = rows[0].Cells.Select(c => c.Value.Trim()).ToList();
        foreach (var column in header.Where(h => h.StartsWith("__", StringComparison.Ordinal) && !IsExpected(h) && h != "__description"))
        {
            suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "tests " + source, column, $"the column '{column}' steers promptfoo's runner and has no native counterpart"));
        }

        foreach (var (line, cells) in rows.Skip(1))
        {
            if (cells.Count == 1 && cells[0].Value.Length == 0) continue;
            if (cells.Count != header.Count)
            {
                reader.Report(EvalDiagnosticCodes.InvalidCsv, line, 1, $"This row has {cells.Count} cells and the header {header.Count}. Give every row one cell per column (quote cells that hold commas).");
                continue;
            }

            var vars = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            var asserts = new List<PromptfooAssertion>();
            string? description = null;
            for (var i = 0; i < header.Count; i++)
            {
                var value = cells[i].Value;
                if (IsExpected(header[i]))
                {
                    if (value.Trim().Length > 0) asserts.Add(PromptfooExpectedCell.Read(value));
                }
                else if (header[i] == "__description")
                {
                    description = value.Length > 0 ? value : null;
                }
                else if (!header[i].StartsWith("__", StringComparison.Ordinal))
                {
                    vars[header[i]] = value;
                }
            }

            tests.Add(new PromptfooTest(description, vars, asserts, new List<string>(), source));
        }

        return tests;
    }

    private static bool IsExpected(string column) =>
        column == "__expected" || (column.StartsWith("__expected", StringComparison.Ordinal) && column.Substring(10).All(char.IsAsciiDigit) && column.Length > 10);
}
