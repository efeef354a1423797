using System;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>Settings of a <see cref="FallbackChatClient"/>.</summary>
public sealed class FallbackOptions
{
    /// <summary>
    /// Decides whether a failure of one target moves the call on to the next target. A failure that falls over also
    /// counts against the target's circuit breaker; one that does not is surfaced to the caller and leaves the breaker
    /// alone (it is the request's fault, not the target's). Null means <see cref="DefaultShouldFallOver"/>.
    /// Caller cancellation never reaches this predicate: it is always rethrown at once.
    /// </summary>
    public Func<ProviderFailure, bool>? ShouldFallOver { get; set; }

    /// <summary>Consecutive falling-over failures after which a target's circuit opens. Default 5; at least 1.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit skips its target before letting one trial call through (half-open). Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of the circuit breakers. Default <see cref="TimeProvider.System"/>; tests pass a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The default fall-over rule:
    /// <list type="bullet">
    /// <item><description>Cancelled (by the caller): never.</description></item>
    /// <item><description>Transient (408, 409, 429, 5xx, 529, timeouts, connection resets, truncated responses): always.</description></item>
    /// <item><description>Any 5xx, 408 or 429 status, whatever its kind: always.</description></item>
    /// <item><description>401, 403, 404: yes. They belong to one provider (a revoked key, a model this provider does not have); the next may serve.</description></item>
    /// <item><description>Other permanent failures (400, 413, 422, no status): no. The next provider would reject the same request.</description></item>
    /// </list>
    /// </summary>
    public static bool DefaultShouldFallOver(ProviderFailure failure)
    {
        if (failure is null)
        {
            throw new ArgumentNullException(nameof(failure));
        }

        switch (failure.Kind)
        {
            case ProviderFailureKind.Cancelled:
                return false;
            case ProviderFailureKind.Transient:
                return true;
        }

        int status = failure.StatusCode ?? 0;
        return status >= 500 || status == 408 || status == 429 || status == 401 || status == 403 || status == 404;
    }

    internal void Validate()
    {
        if (FailureThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureThreshold), FailureThreshold, "FailureThreshold must be at least 1.");
        }

        if (BreakDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BreakDuration), BreakDuration, "BreakDuration must be positive.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider));
        }
    }
}
