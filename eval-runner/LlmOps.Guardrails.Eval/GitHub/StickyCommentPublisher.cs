using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>What happened to the pull request's comment.</summary>
public enum CommentOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>Creates, updates, deletes or hides the comment carrying a marker, as the <see cref="CommentMode"/> says.</summary>
public static class StickyCommentPublisher
{
    /// <summary>The login GITHUB_TOKEN comments as.</summary>
    public const string DefaultAuthor = "github-actions[bot]";

    /// <param name="body">The full body; its first line must be <paramref name="marker"/>.</param>
    /// <param name="author">
    /// The login our comments are written by. The marker is predictable, so anyone can post a comment starting with
    /// it; only the expected author's comments are ours to edit, hide or delete.
    /// </param>
    /// <param name="log">Told about marker comments by other authors, which are left alone.</param>
    public static async Task<CommentOutcome> PublishAsync(
        GitHubApiClient client, int pullRequest, string marker, string author, string body, CommentMode mode, Action<string> log, CancellationToken ct)
    {
        var marked = (await client.ListCommentsAsync(pullRequest, ct).ConfigureAwait(false))
            .Where(c => StickyMarker.Marks(c.Body, marker))
            .ToList();
        var ours = marked.Where(c => IsBy(c, author)).ToList();
        if (marked.Count > ours.Count)
        {
            // Either a forgery or a token that posts as another login: say which, so the second is easy to spot.
            var others = string.Join(", ", marked.Where(c => !IsBy(c, author)).Select(c => c.AuthorLogin).Distinct(StringComparer.OrdinalIgnoreCase));
            log($"note: {marked.Count - ours.Count} comment(s) carrying this report's marker were written by {others}, not {author}; they are left alone. If the token posts as another login, pass --comment-author.");
        }

        switch (mode)
        {
            case CommentMode.Update or CommentMode.SkipIfNoChange when ours.Count > 0:
                // After hide-and-new runs several comments carry the marker; the newest is the visible one.
                var newest = ours[^1];
                if (mode == CommentMode.SkipIfNoChange && newest.Body == body)
                {
                    return CommentOutcome.Unchanged;
                }

                await client.UpdateCommentAsync(newest.Id, body, ct).ConfigureAwait(false);
                return CommentOutcome.Updated;

            case CommentMode.DeleteAndNew:
                foreach (var old in ours)
                {
                    await client.DeleteCommentAsync(old.Id, ct).ConfigureAwait(false);
                }

                ours = [];
                break;

            case CommentMode.HideAndNew:
                foreach (var old in ours.Where(c => c.NodeId.Length > 0))
                {
                    await client.MinimizeCommentAsync(old.NodeId, ct).ConfigureAwait(false);
                }

                break;
        }

        await CreateOnceAsync(client, pullRequest, marker, author, body, ours.Select(c => c.Id).ToHashSet(), ct).ConfigureAwait(false);
        return CommentOutcome.Created;
    }

    /// <summary>
    /// Posts the comment, and after a 5xx looks for it before posting again: GitHub may have created it and lost the
    /// answer, and a blind retry would leave two comments.
    /// </summary>
    private static async Task CreateOnceAsync(
        GitHubApiClient client, int pullRequest, string marker, string author, string body, HashSet<long> before, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.CreateCommentAsync(pullRequest, body, ct).ConfigureAwait(false);
                return;
            }
            catch (GitHubApiException e) when (e.IsServerError)
            {
                if (!await client.PauseBeforeRetryAsync(e, attempt, ct).ConfigureAwait(false))
                {
                    throw;
                }
            }

            var created = (await ListOursAsync(client, pullRequest, marker, author, ct).ConfigureAwait(false))
                .LastOrDefault(c => !before.Contains(c.Id));
            if (created is not null)
            {
                if (created.Body != body)
                {
                    await client.UpdateCommentAsync(created.Id, body, ct).ConfigureAwait(false);
                }

                return;
            }
        }
    }

    private static async Task<List<GitHubComment>> ListOursAsync(
        GitHubApiClient client, int pullRequest, string marker, string author, CancellationToken ct) =>
        (await client.ListCommentsAsync(pullRequest, ct).ConfigureAwait(false))
            .Where(c => IsBy(c, author) && StickyMarker.Marks(c.Body, marker))
            .ToList();

    // GitHub logins are case-insensitive.
    private static bool IsBy(GitHubComment comment, string author) =>
        string.Equals(comment.AuthorLogin, author, StringComparison.OrdinalIgnoreCase);
}
