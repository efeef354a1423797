using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>One case as run against one variant: its id, a fingerprint of its inputs and expectation, and the result.</summary>
public sealed class CaseRecord
{
    public CaseRecord(string caseId, string fingerprint, CaseResult result, IReadOnlyList<string>? tags = null)
    {
        CaseId = caseId ?? throw new ArgumentNullException(nameof(caseId));
        Fingerprint = fingerprint ?? throw new ArgumentNullException(nameof(fingerprint));
        Result = result ?? throw new ArgumentNullException(nameof(result));
        Tags = tags ?? Array.Empty<string>();
    }

    public string CaseId { get; }

    /// <summary>A hash of the case's inputs and expectation: equal fingerprints mean the case is unchanged.</summary>
    public string Fingerprint { get; }

    public CaseResult Result { get; }

    public IReadOnlyList<string> Tags { get; }
}

/// <summary>Every case result of one variant of one prompt.</summary>
public sealed class CaseResultSet
{
    public required string PromptId { get; init; }

    /// <summary>The prompt's canonical hash in this variant.</summary>
    public string? PromptHash { get; init; }

    public string? Model { get; init; }

    /// <summary>The prompt file's <c>traffic.calls_per_day</c> in this variant, when declared.</summary>
    public long? CallsPerDay { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    public required IReadOnlyList<CaseRecord> Cases { get; init; }
}
