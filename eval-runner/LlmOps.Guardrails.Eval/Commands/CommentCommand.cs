using System;
using System.CommandLine;
using System.IO;
using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval comment</c>: the sticky pull-request comment, the step summary and the step outputs.</summary>
internal static class CommentCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = new Option<string>("--report-dir", "-d")
        {
            Description = "folder holding results.json (compare's or merge's --out)",
            DefaultValueFactory = _ => Path.Combine(".llmops", "eval"),
        };
        var tag = new Option<string>("--tag") { Description = "one sticky comment per (workflow, tag)", DefaultValueFactory = _ => "default" };
        var workflow = new Option<string?>("--workflow") { Description = "workflow part of the marker (default: $GITHUB_WORKFLOW)" };
        var mode = new Option<string>("--mode")
        {
            Description = "what to do with the earlier comment: " + CommentModes.Names,
            DefaultValueFactory = _ => "update",
        };
        var tokenEnv = new Option<string>("--token-env")
        {
            Description = "environment variable holding the token (never printed)",
            DefaultValueFactory = _ => "GITHUB_TOKEN",
        };
        var artifact = new Option<string?>("--artifact") { Description = "artifact name the full report is uploaded as (named when cases are cut)" };
        var artifactUrl = new Option<string?>("--artifact-url") { Description = "URL of the uploaded artifact to link (default: the run page's artifact list)" };
        var costReport = new Option<string?>("--cost-report") { Description = "the build's cost-report.md to fold into the comment" };

        var author = new Option<string>("--comment-author")
        {
            Description = "login the sticky comment is written by (github-actions[bot] for GITHUB_TOKEN; set it for a PAT or a GitHub App)",
            DefaultValueFactory = _ => StickyCommentPublisher.DefaultAuthor,
        };

        var pr = new Option<int?>("--pr")
        {
            Description = "pull request to comment on (default: the event's); for a workflow_run workflow commenting on another run's results",
        };
        var runId = new Option<string?>("--run-id") { Description = "workflow run the results must come from (default: $GITHUB_RUN_ID)" };
        var runAttempt = new Option<string?>("--run-attempt") { Description = "attempt of that run (default: $GITHUB_RUN_ATTEMPT)" };
        var couldNotRun = new Option<bool>("--could-not-run")
        {
            Description = "compare could not run: post that instead of a report (replacing an earlier verdict)",
        };
        var errorFile = new Option<string?>("--error-file") { Description = "compare's captured error output, quoted in the could-not-run comment" };

        var command = new Command("comment", "Post or update the pull-request comment and the step summary from a compare report.\n\n"
            + "Example (in GitHub Actions): dotnet eval comment --report-dir .llmops/eval --tag unit --mode update")
        {
            dir, tag, workflow, mode, tokenEnv, artifact, artifactUrl, costReport, author, pr, runId, runAttempt, couldNotRun, errorFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!CommentModes.TryParse(parse.GetValue(mode), out var commentMode))
            {
                error.WriteLine($"error: --mode must be one of {CommentModes.Names}.");
                return ExitCodes.CouldNotRun;
            }

            if (parse.GetValue(pr) is < 1)
            {
                error.WriteLine("error: --pr must be a pull request number (1 or more).");
                return ExitCodes.CouldNotRun;
            }

            var request = new CommentRequest
            {
                ReportDirectory = parse.GetValue(dir)!,
                Tag = parse.GetValue(tag) ?? "default",
                Workflow = parse.GetValue(workflow),
                Mode = commentMode,
                TokenVariable = parse.GetValue(tokenEnv) ?? "GITHUB_TOKEN",
                Artifact = parse.GetValue(artifact),
                ArtifactUrl = parse.GetValue(artifactUrl),
                CostReportPath = parse.GetValue(costReport),
                CommentAuthor = string.IsNullOrWhiteSpace(parse.GetValue(author)) ? StickyCommentPublisher.DefaultAuthor : parse.GetValue(author)!.Trim(),
                PullRequest = parse.GetValue(pr),
                RunId = NonEmpty(parse.GetValue(runId)),
                RunAttempt = NonEmpty(parse.GetValue(runAttempt)),
                CouldNotRun = parse.GetValue(couldNotRun),
                ErrorFile = NonEmpty(parse.GetValue(errorFile)),
            };
            return await PullRequestCommenter.RunAsync(request, Environment.GetEnvironmentVariable, output, error, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
