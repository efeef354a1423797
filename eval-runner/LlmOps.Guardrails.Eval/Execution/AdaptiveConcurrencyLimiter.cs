using System;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// A concurrency limit that adapts to rate limiting: it starts at the configured maximum, halves (never below 1) when a
/// call is rate limited (HTTP 429), and grows back by one after <see cref="RecoveryAfter"/> consecutive successes, never
/// above the maximum. The state changes are deterministic (no clocks); <see cref="WaitAsync"/> blocks while
/// <see cref="InFlight"/> is at the current limit.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly object gate = new();
    private TaskCompletionSource<bool> changed = NewSignal();
    private int limit;
    private int inFlight;
    private int successStreak;

    public AdaptiveConcurrencyLimiter(int maxConcurrency, int recoveryAfter = 10)
    {
        if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), "must be at least 1");
        if (recoveryAfter < 1) throw new ArgumentOutOfRangeException(nameof(recoveryAfter), "must be at least 1");
        MaxConcurrency = maxConcurrency;
        RecoveryAfter = recoveryAfter;
        limit = maxConcurrency;
    }

    /// <summary>The configured concurrency: the start value and the ceiling.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Consecutive successes after which the limit grows by one.</summary>
    public int RecoveryAfter { get; }

    /// <summary>The current limit.</summary>
    public int CurrentLimit
    {
        get { lock (gate) return limit; }
    }

    /// <summary>Slots currently taken.</summary>
    public int InFlight
    {
        get { lock (gate) return inFlight; }
    }

    /// <summary>Takes a slot without waiting; false when <see cref="InFlight"/> is at the limit.</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            if (inFlight >= limit) return false;
            inFlight++;
            return true;
        }
    }

    /// <summary>Waits for a slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (inFlight < limit)
                {
                    inFlight++;
                    return;
                }

                signal = changed.Task;
            }

#if NET8_0_OR_GREATER
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
            await Task.WhenAny(signal, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
#endif
        }
    }

    /// <summary>Gives a slot back and records how the call went.</summary>
    /// <param name="rateLimited">True when the call failed with HTTP 429.</param>
    public void Release(bool rateLimited)
    {
        TaskCompletionSource<bool> toSignal;
        lock (gate)
        {
            if (inFlight == 0) throw new InvalidOperationException("Release without a matching acquire.");
            inFlight--;
            if (rateLimited)
            {
                limit = Math.Max(1, limit / 2);
                successStreak = 0;
            }
            else if (++successStreak >= RecoveryAfter)
            {
                successStreak = 0;
                if (limit < MaxConcurrency) limit++;
            }

            toSignal = changed;
            changed = NewSignal();
        }

        toSignal.TrySetResult(true);
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
