using System;
using System.Collections.Generic;
using System.Text;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>
/// Thrown by <see cref="FallbackChatClient"/> when no target served a call: every target failed with an error that
/// falls over, or was skipped because its circuit was open. <see cref="Errors"/> lists every target in chain order.
/// </summary>
public sealed class AllTargetsFailedException : Exception
{
    /// <summary>Creates the exception; the inner exception is the last error actually raised in this call, if any.</summary>
    public AllTargetsFailedException(IReadOnlyList<FallbackTargetError> errors, Exception? innerException = null)
        : base(BuildMessage(errors), innerException)
    {
        Errors = errors;
    }

    /// <summary>One entry per target of the chain, in order.</summary>
    public IReadOnlyList<FallbackTargetError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<FallbackTargetError> errors)
    {
        if (errors is null)
        {
            throw new ArgumentNullException(nameof(errors));
        }

        var builder = new StringBuilder("All ").Append(errors.Count).Append(" fallback targets failed or are unavailable:");
        for (int i = 0; i < errors.Count; i++)
        {
            builder.AppendLine().Append("  ").Append(i + 1).Append(". ").Append(errors[i]);
        }

        return builder.ToString();
    }
}
