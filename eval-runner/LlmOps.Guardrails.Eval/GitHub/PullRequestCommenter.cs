using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Execution;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>What <c>dotnet eval comment</c> was asked to do.</summary>
public sealed class CommentRequest
{
    /// <summary>The compare (or merge) output folder holding results.json.</summary>
    public required string ReportDirectory { get; init; }

    public string Tag { get; init; } = "default";

    /// <summary>Null: $GITHUB_WORKFLOW.</summary>
    public string? Workflow { get; init; }

    public CommentMode Mode { get; init; } = CommentMode.Update;

    /// <summary>The environment variable holding the token (its value is never printed).</summary>
    public string TokenVariable { get; init; } = "GITHUB_TOKEN";

    /// <summary>The artifact the full report is uploaded as, named in the "… cases omitted" notes.</summary>
    public string? Artifact { get; init; }

    public string? CostReportPath { get; init; }

    /// <summary>The uploaded artifact's URL, linked from the comment; null links the run page's artifact list instead.</summary>
    public string? ArtifactUrl { get; init; }

    /// <summary>The login our comments are written by; comments by anyone else are never edited, hidden or deleted.</summary>
    public string CommentAuthor { get; init; } = StickyCommentPublisher.DefaultAuthor;

    /// <summary>The pull request to comment on; null: the event's (a workflow_run follow-up passes it explicitly).</summary>
    public int? PullRequest { get; init; }

    /// <summary>The run whose results are expected; null: $GITHUB_RUN_ID and $GITHUB_RUN_ATTEMPT.</summary>
    public string? RunId { get; init; }

    public string? RunAttempt { get; init; }

    /// <summary>Compare could not run: post that (with <see cref="ErrorFile"/>'s text) instead of any results.json.</summary>
    public bool CouldNotRun { get; init; }

    /// <summary>Compare's captured error output, quoted in the could-not-run comment.</summary>
    public string? ErrorFile { get; init; }
}

/// <summary>
/// The step summary, the step outputs and the sticky pull-request comment for one results.json. The environment is
/// passed in (not read from the process) so the same code runs in Actions and in tests. When there is no results.json
/// of this commit and run (compare could not run, or an older or foreign one is in the folder), the comment says
/// "could not run" instead, so an earlier verdict never stands for code it did not see.
/// </summary>
public static class PullRequestCommenter
{
    public static async Task<int> RunAsync(CommentRequest request, Func<string, string?> env, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var github = GitHubEnvironment.Read(env);
        var workflow = request.Workflow ?? github.Workflow ?? "default";
        var marker = StickyMarker.For(workflow, request.Tag);
        var links = new Reports.ReportLinks(github.RunUrl, request.ArtifactUrl, request.Artifact);

        string body;
        var refused = false;
        if (request.CouldNotRun)
        {
            body = CouldNotRunBody.Render(marker, "dotnet eval compare could not run; its error output:", ReadErrorFile(request.ErrorFile, error));
        }
        else if (ReadOwnResults(request, env, error) is { } run)
        {
            var costReport = request.CostReportPath is { } costPath && File.Exists(costPath) ? BuildCostReport.Read(costPath, run) : null;
            if (costReport is { IsStale: true }) error.WriteLine("warning: " + costReport.StaleNote);
            body = CommentBody.Render(run, costReport?.Folded, marker, request.Artifact, links);
            if (github.OutputPath is { } outputs)
            {
                StepFiles.AppendOutput(outputs, "cost-delta-percent", RunFigures.CostDeltaPercent(run));
                StepFiles.AppendOutput(outputs, "quality-delta", RunFigures.QualityDelta(run));
                StepFiles.AppendOutput(outputs, "report-path", Path.GetFullPath(request.ReportDirectory));
            }
        }
        else
        {
            refused = true;
            body = CouldNotRunBody.Render(marker, $"No results of this commit and run in {request.ReportDirectory} (see the comment step's log).", ReadErrorFile(request.ErrorFile, error));
        }

        // Refused results are the caller's error even when the could-not-run notice is posted in their place.
        var done = refused ? ExitCodes.CouldNotRun : ExitCodes.Success;
        if (github.StepSummaryPath is { } summary)
        {
            StepFiles.AppendSummary(summary, body);
        }

        if ((request.PullRequest ?? github.PullRequestNumber) is not { } pullRequest)
        {
            output.WriteLine("No pull request in this event: wrote the step summary only.");
            return done;
        }

        if (request.PullRequest is null && github.IsForkPullRequest)
        {
            output.WriteLine("::notice::A pull request from a fork gets a read-only token: the eval report is in the step summary, "
                + "not in a comment. To comment, run `dotnet eval comment --pr` from a workflow_run workflow (see docs/action.md).");
            return done;
        }

        if (github.Repository is not { } repository)
        {
            error.WriteLine("error: GITHUB_REPOSITORY is not set; cannot tell which repository the pull request belongs to.");
            return ExitCodes.CouldNotRun;
        }

        var token = env(request.TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            error.WriteLine($"error: no token in ${request.TokenVariable}; pass a token with `pull-requests: write` (the action's github-token input).");
            return ExitCodes.CouldNotRun;
        }

        var posted = await PostAsync(request, github, repository, token.Trim(), pullRequest, marker, body, output, error, ct).ConfigureAwait(false);
        return posted == ExitCodes.Success ? done : posted;
    }

    /// <summary>results.json when it exists, reads and belongs to this commit and run; else null, with the reason on <paramref name="error"/>.</summary>
    private static EvalRun? ReadOwnResults(CommentRequest request, Func<string, string?> env, TextWriter error)
    {
        var resultsPath = Path.Combine(request.ReportDirectory, RunOutputs.ResultsFile);
        if (!File.Exists(resultsPath))
        {
            error.WriteLine($"error: {resultsPath} not found; run 'dotnet eval compare' (or 'merge') first.");
            return null;
        }

        EvalRun run;
        try
        {
            run = EvalRunJson.ReadFile(resultsPath);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            error.WriteLine($"error: {resultsPath} cannot be read: {e.Message}");
            return null;
        }

        var current = RunIdentity.FromEnvironment(env);
        // The checkout the report folder is in (compare writes next to its config); no checkout, no commit check.
        var head = GitCli.Run(Path.GetFullPath(request.ReportDirectory), out _, "rev-parse", "HEAD")?.Trim();
        var mismatch = RunIdentity.Mismatch(run.Provenance, string.IsNullOrEmpty(head) ? null : head, request.RunId ?? current.RunId, request.RunAttempt ?? current.RunAttempt);
        if (mismatch is not null)
        {
            error.WriteLine($"error: {resultsPath} is not this run's: {mismatch}. Not posting it.");
            return null;
        }

        return run;
    }

    private static string? ReadErrorFile(string? path, TextWriter error)
    {
        if (path is null) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"warning: the error file {path} cannot be read: {e.Message}");
            return null;
        }
    }

    private static async Task<int> PostAsync(
        CommentRequest request, GitHubEnvironment github, string repository, string token, int pullRequest, string marker, string body,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            using var client = new GitHubApiClient(github, repository, token, message => error.WriteLine(message));
            var outcome = await StickyCommentPublisher.PublishAsync(
                client, pullRequest, marker, request.CommentAuthor, body, request.Mode, message => output.WriteLine(message), ct).ConfigureAwait(false);
            output.WriteLine(outcome switch
            {
                CommentOutcome.Created => $"Posted the eval comment on pull request #{pullRequest} (tag \"{request.Tag}\").",
                CommentOutcome.Updated => $"Updated the eval comment on pull request #{pullRequest} (tag \"{request.Tag}\").",
                _ => $"The eval comment on pull request #{pullRequest} is unchanged (tag \"{request.Tag}\"); nothing posted.",
            });
            return ExitCodes.Success;
        }
        catch (GitHubApiException e) when (e.Status == HttpStatusCode.Forbidden)
        {
            // A token without `pull-requests: write` is a setup choice (or a fork), not an eval failure: the report is
            // already in the step summary, so the job goes on.
            error.WriteLine("warning: " + e.Message);
            output.WriteLine("::notice::The token may not write pull-request comments (HTTP 403): the eval report is in the step summary, "
                + "not in a comment. Grant `permissions: pull-requests: write`, or comment from a workflow_run workflow (see docs/action.md).");
            return ExitCodes.Success;
        }
        catch (GitHubApiException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.CouldNotRun;
        }
        catch (HttpRequestException e)
        {
            error.WriteLine("error: GitHub could not be reached: " + e.Message);
            return ExitCodes.CouldNotRun;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException or InvalidDataException)
        {
            error.WriteLine("error: GitHub's answer was not the JSON expected: " + e.Message);
            return ExitCodes.CouldNotRun;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error.WriteLine("error: GitHub did not answer in time.");
            return ExitCodes.CouldNotRun;
        }
    }
}
