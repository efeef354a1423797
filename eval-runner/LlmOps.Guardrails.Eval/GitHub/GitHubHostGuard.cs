using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// Sits under Octokit's HTTP client and refuses every request whose scheme, host and port are not the configured
/// GitHub endpoints'. Octokit follows a response's <c>Link: rel="next"</c> (and redirects) wherever they point, with
/// the Authorization header: refusing here, before anything is sent, keeps the token on the API host.
/// </summary>
internal sealed class GitHubHostGuard : DelegatingHandler
{
    private readonly IReadOnlyList<Uri> allowed;

    public GitHubHostGuard(IEnumerable<Uri> allowed, HttpMessageHandler inner)
        : base(inner)
    {
        this.allowed = allowed.ToList();
    }

    /// <summary>Whether <paramref name="target"/> has the scheme, host and port of one of <paramref name="allowed"/>.</summary>
    public static bool IsAllowed(Uri target, IEnumerable<Uri> allowed) =>
        target.IsAbsoluteUri && allowed.Any(a =>
            Uri.Compare(target, a, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } target || !IsAllowed(target, allowed))
        {
            // HttpRequestException: the comment command reports it as "could not run" (exit 3) like any failed request.
            throw new HttpRequestException(
                $"refused to send a request to {Origin(request.RequestUri)}: only {string.Join(" and ", allowed.Select(Origin).Distinct())} "
                + "(GITHUB_API_URL / GITHUB_GRAPHQL_URL) receives the token, and a link or redirect in GitHub's answer pointed elsewhere.");
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static string Origin(Uri? uri) =>
        uri is { IsAbsoluteUri: true } ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.Unescaped) : "(no address)";
}
