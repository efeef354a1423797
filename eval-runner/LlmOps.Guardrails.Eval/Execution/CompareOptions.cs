using System;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>What `dotnet eval compare` was asked to do.</summary>
public sealed class CompareOptions
{
    /// <summary>The git ref of the baseline prompts (e.g. <c>origin/main</c>).</summary>
    public required string BaselineRef { get; init; }

    /// <summary>Replay (default: cassettes, live on a miss when the provider can call), Record or Offline.</summary>
    public CassetteMode Mode { get; init; } = CassetteMode.Replay;

    /// <summary>Overrides <see cref="EvalConfig.Repeats"/>.</summary>
    public int? Repeats { get; init; }

    /// <summary>Overrides <see cref="EvalConfig.Concurrency"/>.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The catalog used for prices; <see cref="ModelCatalog.Default"/> when null.</summary>
    public ModelCatalog? Catalog { get; init; }

    /// <summary>Where completed cases are appended (one JSON line each); none when null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Reuse the cases in <see cref="CheckpointPath"/> whose prompt hash and case fingerprint still match.</summary>
    public bool Resume { get; init; }

    /// <summary>Called after each completed case (from the worker that completed it).</summary>
    public Action<CompareProgress>? Progress { get; init; }

    /// <summary>Run only the cases of this shard (by a stable hash of prompt id and case id); all cases when null.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>Consecutive successes after which a concurrency lowered by HTTP 429 grows back by one.</summary>
    public int ConcurrencyRecoveryAfter { get; init; } = 10;
}
