using System;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Scoring;

internal enum VerdictKind
{
    Matched,
    NotMatched,

    /// <summary>The value to check is missing (unknown cost, no number): fails in both the plain and the not- form.</summary>
    Indeterminate,

    /// <summary>The scorer could not run (regex timeout): errored in both forms.</summary>
    Errored,
}

/// <summary>A check's outcome with a reason for the plain form and one for the not- form.</summary>
internal readonly struct Verdict
{
    private Verdict(VerdictKind kind, string reason, string negatedReason)
    {
        Kind = kind;
        Reason = reason;
        NegatedReason = negatedReason;
    }

    public VerdictKind Kind { get; }

    public string Reason { get; }

    public string NegatedReason { get; }

    /// <param name="reason">Why the plain form passed.</param>
    /// <param name="negatedReason">Why the not- form failed.</param>
    public static Verdict Match(string reason, string negatedReason) => new(VerdictKind.Matched, reason, negatedReason);

    /// <param name="reason">Why the plain form failed.</param>
    /// <param name="negatedReason">Why the not- form passed.</param>
    public static Verdict NoMatch(string reason, string negatedReason) => new(VerdictKind.NotMatched, reason, negatedReason);

    public static Verdict Indeterminate(string reason) => new(VerdictKind.Indeterminate, reason, reason);

    public static Verdict Error(string reason) => new(VerdictKind.Errored, reason, reason);
}

/// <summary>A scorer that needs no model: the same output always gets the same result.</summary>
public abstract class DeterministicScorer : IScorer
{
    private protected DeterministicScorer(string type, bool negated)
    {
        Type = type;
        Negated = negated;
    }

    /// <summary>The base type, without "not-".</summary>
    public string Type { get; }

    /// <summary>True for the not- form: passes when the check does not hold.</summary>
    public bool Negated { get; }

    public string Name => Negated ? "not-" + Type : Type;

    /// <summary>Scores synchronously.</summary>
    public ScoreResult Score(ScoringInput input)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        var verdict = Check(input);
        return verdict.Kind switch
        {
            VerdictKind.Errored => new ScoreResult { Scorer = Name, Passed = false, Score = 0, Errored = true, Reason = verdict.Reason },
            VerdictKind.Indeterminate => new ScoreResult { Scorer = Name, Passed = false, Score = 0, Reason = verdict.Reason },
            _ => Result(verdict.Kind == VerdictKind.Matched ^ Negated, Negated ? verdict.NegatedReason : verdict.Reason),
        };
    }

    public Task<ScoreResult> ScoreAsync(ScoringInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Score(input));

    private protected abstract Verdict Check(ScoringInput input);

    private ScoreResult Result(bool passed, string reason) =>
        new() { Scorer = Name, Passed = passed, Score = passed ? 1 : 0, Reason = reason };
}
