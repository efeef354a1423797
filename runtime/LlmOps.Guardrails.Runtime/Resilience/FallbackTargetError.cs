using System;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>What happened to one target of a fallback chain in a call that no target served.</summary>
public sealed class FallbackTargetError
{
    internal FallbackTargetError(string targetName, bool skipped, CircuitBreakerState circuitState, Exception? error, ProviderFailure? failure)
    {
        TargetName = targetName;
        Skipped = skipped;
        CircuitState = circuitState;
        Error = error;
        Failure = failure;
    }

    /// <summary>The target's name.</summary>
    public string TargetName { get; }

    /// <summary>True when the target was not called because its circuit was open (or another trial was in flight).</summary>
    public bool Skipped { get; }

    /// <summary>The target's circuit state when the call gave up on it.</summary>
    public CircuitBreakerState CircuitState { get; }

    /// <summary>The target's error in this call, or for a skipped target the last error that its circuit recorded (null if none).</summary>
    public Exception? Error { get; }

    /// <summary>The classification of <see cref="Error"/> when the target was called in this call; null for a skipped target.</summary>
    public ProviderFailure? Failure { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        string error = Error is null ? "no error recorded" : Error.GetType().Name + ": " + Error.Message;
        return Skipped
            ? TargetName + ": skipped, circuit " + CircuitState + " (last error: " + error + ")"
            : TargetName + ": " + (Failure?.StatusCode is int status ? "HTTP " + status + ", " : string.Empty) + error;
    }
}
