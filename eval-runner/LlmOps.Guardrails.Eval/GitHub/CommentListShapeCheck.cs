using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// Refuses a successful answer to a comment-list request that is not a JSON array. Octokit reads a JSON object there
/// (a proxy's or an error's <c>{"message": ...}</c> sent with 200) as an empty page: the sticky comment would look
/// absent and be posted a second time.
/// </summary>
internal sealed class CommentListShapeCheck : DelegatingHandler
{
    public CommentListShapeCheck(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method != HttpMethod.Get
            || !response.IsSuccessStatusCode
            || request.RequestUri?.AbsolutePath.EndsWith("/comments", StringComparison.Ordinal) != true)
        {
            return response;
        }

        // Buffered so that Octokit still reads the whole body after this look at its first character.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!body.TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            response.Dispose();
            throw new InvalidDataException("GitHub answered the list of comments with something other than a JSON list.");
        }

        return response;
    }
}
