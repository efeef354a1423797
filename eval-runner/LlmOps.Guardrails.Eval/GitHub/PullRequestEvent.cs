using System;
using System.IO;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>What the event payload says about where a pull request comes from.</summary>
public static class PullRequestEvent
{
    /// <summary>
    /// True for a <c>pull_request</c> event whose head repository is not the base repository (a fork, or a head
    /// repository since deleted): GitHub gives such runs a read-only token, so a comment cannot be posted.
    /// <c>pull_request_target</c> runs in the base repository with its token and is not a fork run in this sense.
    /// </summary>
    public static bool IsForkPullRequest(string? eventName, string? eventPath)
    {
        if (!string.Equals(eventName, "pull_request", StringComparison.Ordinal) || eventPath is null || !File.Exists(eventPath))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(eventPath));
            if (!doc.RootElement.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var head = RepositoryName(pr, "head");
            var baseRepository = RepositoryName(pr, "base");
            return baseRepository is not null && !string.Equals(head, baseRepository, StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? RepositoryName(JsonElement pr, string side) =>
        pr.TryGetProperty(side, out var end) && end.ValueKind == JsonValueKind.Object
        && end.TryGetProperty("repo", out var repo) && repo.ValueKind == JsonValueKind.Object
        && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
}
