using System;
using System.IO;
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
}

/// <summary>
/// The step summary, the step outputs and the sticky pull-request comment for one results.json. The environment is
/// passed in (not read from the process) so the same code runs in Actions and in tests.
/// </summary>
public static class PullRequestCommenter
{
    public static async Task<int> RunAsync(CommentRequest request, Func<string, string?> env, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var resultsPath = Path.Combine(request.ReportDirectory, "results.json");
        if (!File.Exists(resultsPath))
        {
            error.WriteLine($"error: {resultsPath} not found; run 'dotnet eval compare' (or 'merge') first.");
            return ExitCodes.CouldNotRun;
        }

        EvalRun run;
        try
        {
            run = EvalRunJson.ReadFile(resultsPath);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            error.WriteLine($"error: {resultsPath} cannot be read: {e.Message}");
            return ExitCodes.CouldNotRun;
        }

        var github = GitHubEnvironment.Read(env);
        var workflow = request.Workflow ?? github.Workflow ?? "default";
        var marker = StickyMarker.For(workflow, request.Tag);
        var costReport = request.CostReportPath is { } costPath && File.Exists(costPath) ? BuildCostReport.Read(costPath, run) : null;
        if (costReport is { IsStale: true }) error.WriteLine("warning: " + costReport.StaleNote);
        var links = new Reports.ReportLinks(github.RunUrl, request.ArtifactUrl, request.Artifact);
        var body = CommentBody.Render(run, costReport?.Folded, marker, request.Artifact, links);

        if (github.StepSummaryPath is { } summary)
        {
            StepFiles.AppendSummary(summary, body);
        }

        if (github.OutputPath is { } outputs)
        {
            StepFiles.AppendOutput(outputs, "cost-delta-percent", RunFigures.CostDeltaPercent(run));
            StepFiles.AppendOutput(outputs, "quality-delta", RunFigures.QualityDelta(run));
            StepFiles.AppendOutput(outputs, "report-path", Path.GetFullPath(request.ReportDirectory));
        }

        if (github.PullRequestNumber is not { } pullRequest)
        {
            output.WriteLine("No pull request in this event: wrote the step summary only.");
            return ExitCodes.Success;
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

        try
        {
            using var client = new GitHubApiClient(github, repository, token.Trim(), message => error.WriteLine(message));
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
