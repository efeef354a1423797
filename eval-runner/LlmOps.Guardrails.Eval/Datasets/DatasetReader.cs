using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>
/// Reads golden datasets: JSONL (<c>.jsonl</c>), YAML (<c>.yaml</c>, <c>.yml</c>) and CSV (<c>.csv</c>). Never throws for
/// bad input: problems are LLME1xx diagnostics with line and column, every one in the file (up to
/// <see cref="MaxDiagnostics"/>); the dataset is returned only when there are none.
/// </summary>
public static class DatasetReader
{
    /// <summary>The largest dataset read by default (10 MB); a larger file is refused before it is loaded.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>Reading stops reporting after this many problems.</summary>
    public const int MaxDiagnostics = 100;

    /// <summary>The format a path's extension names; null for any other extension.</summary>
    public static DatasetFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" => DatasetFormat.Jsonl,
        ".yaml" or ".yml" => DatasetFormat.Yaml,
        ".csv" => DatasetFormat.Csv,
        _ => null,
    };

    public static EvalDatasetResult ReadFile(string path, long maxBytes = DefaultMaxBytes)
    {
        var diagnostics = new List<EvalDiagnostic>();
        if (FormatOf(path) is not { } format)
        {
            return UnknownFormat(path);
        }

        var text = SourceText.Load(path, maxBytes, "dataset", diagnostics);
        return text is null ? new EvalDatasetResult { Diagnostics = diagnostics } : Read(path, text, format, maxBytes);
    }

    /// <summary>Reads dataset <paramref name="text"/>; the format comes from <paramref name="path"/>'s extension unless given.</summary>
    public static EvalDatasetResult Read(string path, string text, DatasetFormat? format = null, long maxBytes = DefaultMaxBytes)
    {
        var diagnostics = new List<EvalDiagnostic>();
        if ((format ?? FormatOf(path)) is not { } actual)
        {
            return UnknownFormat(path);
        }

        if (!SourceText.CheckText(text, path, maxBytes, "dataset", diagnostics))
        {
            return new EvalDatasetResult { Diagnostics = diagnostics };
        }

        text = SourceText.StripBom(text);
        var reader = new NodeReader(path, diagnostics);
        var cases = new CaseReader(reader);
        switch (actual)
        {
            case DatasetFormat.Jsonl:
                ReadJsonl(text, reader, cases);
                break;
            case DatasetFormat.Yaml:
                ReadYaml(text, reader, cases);
                break;
            default:
                CsvDatasetReader.Read(text, reader, cases);
                break;
        }

        if (diagnostics.Count == 0 && cases.Cases.Count == 0)
        {
            reader.Report(EvalDiagnosticCodes.EmptyDataset, 1, 1, "The dataset has no cases. Add at least one case (see docs/eval-config.md for the format).");
        }

        if (diagnostics.Count > 0)
        {
            var sorted = diagnostics.Select((d, i) => (d, i)).OrderBy(p => p.d.Line).ThenBy(p => p.d.Column).ThenBy(p => p.i).Select(p => p.d).Take(MaxDiagnostics).ToList();
            return new EvalDatasetResult { Diagnostics = sorted };
        }

        return new EvalDatasetResult { Dataset = new EvalDataset { Path = path, Format = actual, Cases = cases.Cases } };
    }

    private static EvalDatasetResult UnknownFormat(string path) => new()
    {
        Diagnostics = new[]
        {
            new EvalDiagnostic(EvalDiagnosticCodes.InvalidValue, $"'{Path.GetFileName(path)}' is not a dataset format: use a .jsonl, .yaml, .yml or .csv file.", path, 1, 1),
        },
    };

    private static void ReadJsonl(string text, NodeReader reader, CaseReader cases)
    {
        var lineNumber = 0;
        var start = 0;
        while (start <= text.Length && reader.Diagnostics.Count < MaxDiagnostics)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            lineNumber++;
            start = end < 0 ? text.Length + 1 : end + 1;
            line = line.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (JsonLineReader.Read(line, lineNumber, reader) is { } node)
            {
                if (node is not YMapping)
                {
                    reader.Report(EvalDiagnosticCodes.InvalidJson, node, $"Line {lineNumber} is JSON {node.KindName()}, not an object. Write one case object per line: {{\"id\": \"...\", \"vars\": {{...}}}}.");
                    continue;
                }

                cases.ReadCase(node, $"line {lineNumber}");
            }
        }
    }

    private static void ReadYaml(string text, NodeReader reader, CaseReader cases)
    {
        var root = EvalYaml.Read(text, reader.File, reader.Diagnostics);
        if (reader.Diagnostics.Count > 0 || root is null)
        {
            return;
        }

        var list = root;
        if (root is YMapping mapping)
        {
            reader.CheckKeys(mapping, string.Empty, new[] { "cases" });
            list = reader.Get(mapping, "cases");
            if (NodeReader.IsUnset(list))
            {
                reader.Report(EvalDiagnosticCodes.MissingKey, mapping, "A YAML dataset is a list of cases, or a mapping with 'cases:' holding that list. Add 'cases:'.");
                return;
            }
        }

        if (list is not YSequence sequence)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, list!, $"The cases must be a list ('- id: ...' items), not {list!.KindName()}.");
            return;
        }

        for (var i = 0; i < sequence.Items.Count && reader.Diagnostics.Count < MaxDiagnostics; i++)
        {
            cases.ReadCase(sequence.Items[i], $"cases[{i}]");
        }
    }
}
