using System;
using System.Net;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>A GitHub API call that failed for good (after any retries). The message never contains the token.</summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(HttpStatusCode status, string operation, string detail)
        : base(Describe(status, operation, detail))
    {
        Status = status;
        Operation = operation;
    }

    public HttpStatusCode Status { get; }

    /// <summary>What was attempted, e.g. "create a pull-request comment".</summary>
    public string Operation { get; }

    /// <summary>A 5xx: the request may or may not have taken effect.</summary>
    public bool IsServerError => (int)Status >= 500;

    private static string Describe(HttpStatusCode status, string operation, string detail)
    {
        var code = (int)status;
        var hint = code is 401 or 403 or 404
            ? " The token cannot write pull-request comments: give the workflow `permissions: pull-requests: write` "
              + "(a fork's pull_request run gets a read-only token; see docs/action.md), or pass a token with that permission."
            : "";
        return $"GitHub refused to {operation} (HTTP {code}{(detail.Length > 0 ? ": " + detail : "")}).{hint}";
    }
}
