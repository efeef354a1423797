using System;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>One text message of a chat request, as far as token counting is concerned.</summary>
public sealed record ChatMessageText
{
    /// <param name="role"><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
    /// <param name="content">The message text.</param>
    /// <param name="name">The optional participant name (OpenAI's <c>name</c> field).</param>
    public ChatMessageText(string role, string content, string? name = null)
    {
        Role = role ?? throw new ArgumentNullException(nameof(role));
        Content = content ?? throw new ArgumentNullException(nameof(content));
        Name = name;
    }

    public string Role { get; }

    public string Content { get; }

    public string? Name { get; }
}
