using System;
using System.Threading;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>
/// A small lock-free circuit breaker, one per fallback target: it opens after <c>failureThreshold</c> consecutive
/// failures, skips its target for <c>breakDuration</c>, then lets exactly one trial call through (half-open); the
/// trial's success closes it, its failure opens it for another break.
/// </summary>
/// <remarks>
/// The whole state lives in one 64-bit word changed by compare-and-swap: 0 is closed, a positive value is the
/// <see cref="TimeProvider.GetTimestamp"/> at which the break ends, a negative value is half-open (minus the trial's start).
/// A closed breaker costs one read per call and one more on success; nothing allocates.
/// Polly.Core's breaker was not used: it counts a failure ratio over a sampling window rather than consecutive
/// failures, runs calls through a callback (a closure and a pooled context per call, and no place to stop between a
/// stream's first update and the rest), and answers an open circuit with an exception instead of a skip.
/// A trial that never reports (an abandoned stream that is never disposed) is replaced by a new one after another break.
/// </remarks>
public sealed class CircuitBreaker
{
    private const long ClosedGate = 0;

    private readonly int _failureThreshold;
    private readonly long _breakTicks;
    private readonly TimeProvider _timeProvider;

    // 0 = closed; > 0 = open until that timestamp; < 0 = half-open, a trial started at -value.
    private long _gate;
    private int _consecutiveFailures;
    private Exception? _lastError;

    /// <param name="failureThreshold">Consecutive failures that open the circuit (at least 1).</param>
    /// <param name="breakDuration">How long the circuit stays open before a trial call.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public CircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider? timeProvider = null)
    {
        if (failureThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(failureThreshold), failureThreshold, "The failure threshold must be at least 1.");
        }

        if (breakDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(breakDuration), breakDuration, "The break duration must be positive.");
        }

        _failureThreshold = failureThreshold;
        _timeProvider = timeProvider ?? TimeProvider.System;
        double ticks = breakDuration.TotalSeconds * _timeProvider.TimestampFrequency;
        _breakTicks = ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : Math.Max(1L, (long)Math.Ceiling(ticks));
        BreakDuration = breakDuration;
        FailureThreshold = failureThreshold;
    }

    /// <summary>Consecutive failures that open the circuit.</summary>
    public int FailureThreshold { get; }

    /// <summary>How long the circuit stays open before a trial call.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>
    /// The current state. An open circuit whose break has ended still reads <see cref="CircuitBreakerState.Open"/>
    /// until the next call takes the trial; see <see cref="IsAvailable"/>.
    /// </summary>
    public CircuitBreakerState State
    {
        get
        {
            long gate = Interlocked.Read(ref _gate);
            return gate == ClosedGate ? CircuitBreakerState.Closed : gate > 0 ? CircuitBreakerState.Open : CircuitBreakerState.HalfOpen;
        }
    }

    /// <summary>Whether a call made now would be let through (closed, or open with its break over).</summary>
    public bool IsAvailable
    {
        get
        {
            long gate = Interlocked.Read(ref _gate);
            if (gate == ClosedGate)
            {
                return true;
            }

            long now = _timeProvider.GetTimestamp();
            return gate > 0 ? now >= gate : now + gate >= _breakTicks;
        }
    }

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>The most recent failure recorded against the target, or null.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Closes the circuit by hand and forgets the failure count (e.g. after an operator fixed a key).</summary>
    public void Reset()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        Interlocked.Exchange(ref _gate, ClosedGate);
    }

    /// <summary>
    /// Asks to call the target. True when closed, or when this caller won the half-open trial
    /// (<paramref name="isTrial"/>); false while open or while another trial is in flight.
    /// Every true must be followed by exactly one of <see cref="OnSuccess"/>, <see cref="OnFailure"/> or <see cref="Release"/>.
    /// </summary>
    internal bool TryAcquire(out bool isTrial)
    {
        isTrial = false;
        long gate = Interlocked.Read(ref _gate);
        if (gate == ClosedGate)
        {
            return true;
        }

        long now = _timeProvider.GetTimestamp();
        bool trialDue = gate > 0 ? now >= gate : now + gate >= _breakTicks;
        if (!trialDue)
        {
            return false;
        }

        long halfOpen = -Math.Max(1L, now);
        if (Interlocked.CompareExchange(ref _gate, halfOpen, gate) != gate)
        {
            return false;
        }

        isTrial = true;
        return true;
    }

    /// <summary>The target answered: forget failures; a successful trial closes the circuit.</summary>
    internal void OnSuccess(bool isTrial)
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }

        if (isTrial)
        {
            Interlocked.Exchange(ref _gate, ClosedGate);
        }
    }

    /// <summary>The target failed: count it; at the threshold (or on a failed trial) open the circuit.</summary>
    internal void OnFailure(bool isTrial, Exception error)
    {
        Volatile.Write(ref _lastError, error);
        int failures = Interlocked.Increment(ref _consecutiveFailures);
        if (isTrial)
        {
            Interlocked.Exchange(ref _gate, OpenUntil());
        }
        else if (failures >= _failureThreshold && Interlocked.Read(ref _gate) == ClosedGate)
        {
            Interlocked.CompareExchange(ref _gate, OpenUntil(), ClosedGate);
        }
    }

    /// <summary>The call ended without saying anything about the target (caller cancelled, request rejected): hand the trial back.</summary>
    internal void Release(bool isTrial)
    {
        if (!isTrial)
        {
            return;
        }

        long gate = Interlocked.Read(ref _gate);
        if (gate < 0)
        {
            // Open with the break already over: the next call becomes the trial.
            Interlocked.CompareExchange(ref _gate, Math.Max(1L, _timeProvider.GetTimestamp()), gate);
        }
    }

    private long OpenUntil()
    {
        long now = _timeProvider.GetTimestamp();
        return now > long.MaxValue - _breakTicks ? long.MaxValue : Math.Max(1L, now + _breakTicks);
    }
}
