using System;
using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Results;

/// <summary>
/// Which GitHub Actions run a results.json belongs to: compare records it, comment checks it, so a report left in the
/// output folder by an earlier run (or copied in from elsewhere) is never posted as this run's verdict.
/// </summary>
public sealed record RunIdentity(string? RunId, string? RunAttempt, int? PullRequest)
{
    /// <summary>The run of the current process: $GITHUB_RUN_ID, $GITHUB_RUN_ATTEMPT and the event's pull request.</summary>
    public static RunIdentity FromEnvironment(Func<string, string?> env)
    {
        if (env is null) throw new ArgumentNullException(nameof(env));
        return new RunIdentity(
            NonEmpty(env("GITHUB_RUN_ID")),
            NonEmpty(env("GITHUB_RUN_ATTEMPT")),
            GitHubEnvironment.ReadPullRequestNumber(NonEmpty(env("GITHUB_EVENT_PATH"))));
    }

    /// <summary>
    /// Why <paramref name="recorded"/> is not the results of the expected commit and run; null when it is. A check is
    /// made only when its expected value is known: <paramref name="headCommit"/> (HEAD of the checkout holding the report), the run id and
    /// the attempt. Results without a recorded run id fail the run check, so results from a laptop or a committed
    /// results.json are refused in Actions too.
    /// </summary>
    public static string? Mismatch(RunProvenance recorded, string? headCommit, string? runId, string? runAttempt)
    {
        if (recorded is null) throw new ArgumentNullException(nameof(recorded));
        if (headCommit is not null && !string.Equals(recorded.Commit, headCommit, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was written for commit {Show(recorded.Commit)}, but the checkout is at {headCommit}";
        }

        if (runId is not null && !string.Equals(recorded.RunId, runId, StringComparison.Ordinal))
        {
            return $"it was written by workflow run {Show(recorded.RunId)}, not by this run ({runId})";
        }

        if (runId is not null && runAttempt is not null && !string.Equals(recorded.RunAttempt, runAttempt, StringComparison.Ordinal))
        {
            return $"it was written by attempt {Show(recorded.RunAttempt)} of run {runId}, not by this attempt ({runAttempt})";
        }

        return null;
    }

    private static string Show(string? value) => value ?? "(none recorded)";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
