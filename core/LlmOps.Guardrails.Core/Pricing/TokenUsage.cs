using System;

namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>
/// The tokens of one call, shaped so nothing is counted twice: cached reads and cache writes are parts of
/// <see cref="InputTokens"/>, and reasoning tokens are part of <see cref="OutputTokens"/>.
/// </summary>
public readonly record struct TokenUsage
{
    /// <summary>All input tokens, including <see cref="CachedInputTokens"/> and both cache writes.</summary>
    public long InputTokens { get; init; }

    /// <summary>Of the input, tokens read from the prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Of the input, tokens written to a 5-minute cache.</summary>
    public long CacheWrite5mTokens { get; init; }

    /// <summary>Of the input, tokens written to a 1-hour cache.</summary>
    public long CacheWrite1hTokens { get; init; }

    /// <summary>All output tokens, including <see cref="ReasoningTokens"/>.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Of the output, reasoning ("thinking") tokens. Billed as output, never on top of it.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Input billed at the plain input rate.</summary>
    public long UncachedInputTokens => InputTokens - CachedInputTokens - CacheWrite5mTokens - CacheWrite1hTokens;

    /// <summary>Throws when the parts do not fit inside their totals.</summary>
    /// <exception cref="ArgumentException">A negative count, or parts larger than their total.</exception>
    public void Validate()
    {
        if (InputTokens < 0 || CachedInputTokens < 0 || CacheWrite5mTokens < 0 || CacheWrite1hTokens < 0 || OutputTokens < 0 || ReasoningTokens < 0)
        {
            throw new ArgumentException("Token counts cannot be negative.");
        }

        if (UncachedInputTokens < 0)
        {
            throw new ArgumentException(
                $"Cached ({CachedInputTokens}) and cache-write ({CacheWrite5mTokens + CacheWrite1hTokens}) tokens are parts of the input and cannot exceed it ({InputTokens}).");
        }

        if (ReasoningTokens > OutputTokens)
        {
            throw new ArgumentException($"Reasoning tokens ({ReasoningTokens}) are part of the output and cannot exceed it ({OutputTokens}).");
        }
    }

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) => new()
    {
        InputTokens = a.InputTokens + b.InputTokens,
        CachedInputTokens = a.CachedInputTokens + b.CachedInputTokens,
        CacheWrite5mTokens = a.CacheWrite5mTokens + b.CacheWrite5mTokens,
        CacheWrite1hTokens = a.CacheWrite1hTokens + b.CacheWrite1hTokens,
        OutputTokens = a.OutputTokens + b.OutputTokens,
        ReasoningTokens = a.ReasoningTokens + b.ReasoningTokens,
    };
}
