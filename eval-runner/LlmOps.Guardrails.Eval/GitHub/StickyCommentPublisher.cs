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
    /// <param name="body">The full body; its first line must be <paramref name="marker"/>.</param>
    public static async Task<CommentOutcome> PublishAsync(
        GitHubApiClient client, int pullRequest, string marker, string body, CommentMode mode, CancellationToken ct)
    {
        var ours = (await client.ListCommentsAsync(pullRequest, ct).ConfigureAwait(false))
            .Where(c => StickyMarker.Marks(c.Body, marker))
            .ToList();

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

                break;

            case CommentMode.HideAndNew:
                foreach (var old in ours.Where(c => c.NodeId.Length > 0))
                {
                    await client.MinimizeCommentAsync(old.NodeId, ct).ConfigureAwait(false);
                }

                break;
        }

        await client.CreateCommentAsync(pullRequest, body, ct).ConfigureAwait(false);
        return CommentOutcome.Created;
    }
}
