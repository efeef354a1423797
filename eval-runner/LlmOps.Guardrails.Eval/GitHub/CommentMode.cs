using System;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>What <c>dotnet eval comment</c> does with an earlier comment carrying the same marker.</summary>
public enum CommentMode
{
    /// <summary>Edit the newest earlier comment in place (create one when there is none).</summary>
    Update,

    /// <summary>Always post a new comment; earlier ones stay as they are.</summary>
    New,

    /// <summary>Delete every earlier comment, then post a new one.</summary>
    DeleteAndNew,

    /// <summary>Minimize ("hide as outdated") every earlier comment, then post a new one.</summary>
    HideAndNew,

    /// <summary>Like <see cref="Update"/>, but nothing is sent when the body is unchanged.</summary>
    SkipIfNoChange,
}

public static class CommentModes
{
    public const string Names = "update, new, delete-and-new, hide-and-new, skip-if-no-change";

    public static bool TryParse(string? text, out CommentMode mode)
    {
        mode = (text ?? "update").Trim().ToLowerInvariant() switch
        {
            "" or "update" => CommentMode.Update,
            "new" => CommentMode.New,
            "delete-and-new" => CommentMode.DeleteAndNew,
            "hide-and-new" => CommentMode.HideAndNew,
            "skip-if-no-change" => CommentMode.SkipIfNoChange,
            _ => (CommentMode)(-1),
        };
        return Enum.IsDefined(mode);
    }
}
