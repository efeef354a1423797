namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>The state of one target's <see cref="CircuitBreaker"/>.</summary>
public enum CircuitBreakerState
{
    /// <summary>Calls go through; consecutive failures are counted.</summary>
    Closed,

    /// <summary>The target is skipped until the break ends; the first call after that becomes the trial.</summary>
    Open,

    /// <summary>One trial call is in flight; every other call skips the target until it reports.</summary>
    HalfOpen,
}
