using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>A golden dataset: the cases one prompt is evaluated on.</summary>
public sealed class EvalDataset
{
    public required string Path { get; init; }

    public required DatasetFormat Format { get; init; }

    public required IReadOnlyList<EvalCase> Cases { get; init; }
}

/// <summary>One golden case: the variables to render the prompt with, and what the output must satisfy.</summary>
public sealed class EvalCase
{
    /// <summary>Unique within its dataset; pairs baseline and candidate results.</summary>
    public required string Id { get; init; }

    /// <summary>Values of the prompt's <c>{{placeholders}}</c>. Non-text JSON/YAML values are kept as their JSON text.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The reference output; assertions without a value compare against it. Null when the case has none.</summary>
    public string? Expected { get; init; }

    public IReadOnlyList<AssertionSpec> Assertions { get; init; } = Array.Empty<AssertionSpec>();

    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Free text for reviewers; not used for scoring.</summary>
    public string? Description { get; init; }

    /// <summary>The 1-based line the case starts on (JSONL line, YAML line, CSV row's line).</summary>
    public int Line { get; init; }
}

public enum DatasetFormat
{
    Jsonl,
    Yaml,
    Csv,
}

/// <summary>What <see cref="DatasetReader"/> returns: the dataset when there is no error, and every diagnostic.</summary>
public sealed class EvalDatasetResult
{
    public EvalDataset? Dataset { get; init; }

    public IReadOnlyList<EvalDiagnostic> Diagnostics { get; init; } = Array.Empty<EvalDiagnostic>();

    public bool Succeeded => Dataset is not null && Diagnostics.Count == 0;
}
