using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>
/// One configured assertion, as the scorers see it (the config parser maps its own type onto this one).
/// See docs/eval-scorers.md for the semantics of each <see cref="Type"/>.
/// </summary>
public sealed class ScorerSpec
{
    /// <summary>The scorer: equals, contains, icontains, regex, is-json, json-schema, json-path, numeric, length,
    /// cost-max, latency-max, judge (or llm-rubric); a deterministic one may be prefixed with <c>not-</c>.</summary>
    public required string Type { get; init; }

    /// <summary>
    /// The expectation: a string, a number, a bool, a list of strings (contains), a JSON schema (json-schema: a JSON
    /// string, a <see cref="System.Text.Json.JsonElement"/> or a dictionary/list tree), or a <see cref="System.Text.Json.JsonElement"/>.
    /// </summary>
    public object? Value { get; init; }

    /// <summary>json-path (and numeric): where in the output's JSON the value is, e.g. <c>$.a.b[0]</c>.</summary>
    public string? Path { get; init; }

    /// <summary>numeric and json-path numbers: the allowed absolute difference.</summary>
    public double? Tolerance { get; init; }

    /// <summary>length: min characters; numeric: lower bound; judge: the minimum score to pass.</summary>
    public double? Min { get; init; }

    /// <summary>length: max characters; numeric: upper bound.</summary>
    public double? Max { get; init; }

    /// <summary>contains with a list: pass when any value is found.</summary>
    public bool Any { get; init; }

    /// <summary>contains with a list: pass only when every value is found (the default for lists).</summary>
    public bool All { get; init; }

    /// <summary>equals, regex: compare ignoring case.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>json-schema: validate <c>format</c> (email, date-time, uri...) instead of treating it as an annotation.</summary>
    public bool Formats { get; init; }

    /// <summary>judge: what a good answer is, in plain words.</summary>
    public string? Rubric { get; init; }
}

/// <summary>What a scorer judges: one model output and its context.</summary>
public sealed class ScoringInput
{
    public required string Output { get; init; }

    /// <summary>The case's expected output, when the dataset has one (equals/contains fall back to it without a value).</summary>
    public string? Expected { get; init; }

    /// <summary>The case's prompt variables (shown to the judge).</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();

    /// <summary>Application cost of the call in USD; null when unknown (no price).</summary>
    public decimal? CostUsd { get; init; }

    public double LatencyMs { get; init; }
}

/// <summary>One configured scorer.</summary>
public interface IScorer
{
    /// <summary>The scorer as configured (e.g. "not-regex"); <see cref="ScoreResult.Scorer"/>.</summary>
    string Name { get; }

    /// <summary>Scores one output. Never throws for a bad output: failures and errors are results.</summary>
    Task<ScoreResult> ScoreAsync(ScoringInput input, CancellationToken cancellationToken = default);
}

/// <summary>The configuration is wrong (unknown type, missing value, invalid regex or schema...).</summary>
public sealed class ScorerSpecException : Exception
{
    public ScorerSpecException(string scorer, string message)
        : base($"{scorer}: {message}")
    {
        Scorer = scorer;
    }

    public ScorerSpecException()
    {
        Scorer = string.Empty;
    }

    public ScorerSpecException(string message)
        : base(message)
    {
        Scorer = string.Empty;
    }

    public ScorerSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Scorer = string.Empty;
    }

    /// <summary>The scorer type as configured.</summary>
    public string Scorer { get; }
}
