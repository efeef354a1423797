using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>Where a run is: provider calls done (cases × repeats), errored cases, cost so far.</summary>
public sealed record CompareProgress(int CompletedCalls, int TotalCalls, int Errors, decimal CostUsd);

/// <summary>The outcome of a run: the results, or why it could not run.</summary>
public sealed class CompareRunResult
{
    public EvalRun? Run { get; init; }

    /// <summary>Problems that stopped the run before any call (config, prompt and dataset diagnostics, git, providers).</summary>
    public IReadOnlyList<string> Errors { get; init; } = Array.Empty<string>();

    /// <summary>Cassette misses (offline mode), each naming the prompt and the case.</summary>
    public IReadOnlyList<string> CassetteMisses { get; init; } = Array.Empty<string>();

    /// <summary>Disabled assertions that were kept in the datasets but not scored, each with its place and reason.</summary>
    public IReadOnlyList<string> SkippedAssertions { get; init; } = Array.Empty<string>();

    /// <summary>The run was cancelled: no results, the checkpoint (when there is one) keeps the completed cases.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Cases completed and checkpointed in this run.</summary>
    public int CompletedCases { get; init; }

    /// <summary>Cases taken from the checkpoint (--resume).</summary>
    public int ResumedCases { get; init; }

    /// <summary>Distinct cases of the run (each with all its repeats).</summary>
    public int TotalCases { get; init; }

    /// <summary>The lowest concurrency limit of the run (below the configured one after HTTP 429s).</summary>
    public int LowestConcurrency { get; init; }

    public bool CouldNotRun => Run is null || Errors.Count > 0 || CassetteMisses.Count > 0;
}
