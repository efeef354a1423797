using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Eval.History;

/// <summary>One variant of one prompt in one recorded run, as stored in history.db.</summary>
public sealed record HistoryEntry
{
    public required long RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public string? Commit { get; init; }

    public string? BaselineRef { get; init; }

    /// <summary>record, offline or replay.</summary>
    public required string Mode { get; init; }

    /// <summary>compare or merge.</summary>
    public required string Source { get; init; }

    public required string PromptId { get; init; }

    /// <summary>baseline or candidate.</summary>
    public required string Variant { get; init; }

    public string? Model { get; init; }

    public string? PromptHash { get; init; }

    public int Cases { get; init; }

    public int Repeats { get; init; }

    /// <summary>Passed runs over all runs (each repeat counted on its own).</summary>
    public double PassRate { get; init; }

    /// <summary>Cases whose every repeat passed, over all cases (equals <see cref="PassRate"/> without repeats).</summary>
    public double PassK { get; init; }

    public int Errored { get; init; }

    public decimal? CostPer1kCalls { get; init; }

    public double MeanInputTokens { get; init; }

    public double MeanOutputTokens { get; init; }

    public double LatencyP50Ms { get; init; }

    public double LatencyP95Ms { get; init; }

    /// <summary>The prompt's verdict in that run (camelCase, as in results.json).</summary>
    public required string Verdict { get; init; }

    /// <summary>
    /// Case id → SHA-256 (lowercase hex) of the case's output (first repeat), for the cases that produced one; the same
    /// hash the runtime's response consistency uses. Empty for runs stored before the history kept outputs.
    /// </summary>
    public IReadOnlyDictionary<string, string> OutputHashes { get; init; } = EmptyOutputs;

    private static readonly IReadOnlyDictionary<string, string> EmptyOutputs = new Dictionary<string, string>();
}
