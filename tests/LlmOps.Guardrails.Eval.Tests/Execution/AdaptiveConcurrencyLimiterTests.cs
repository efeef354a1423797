using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Execution;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public void Starts_at_the_configured_concurrency()
    {
        var limiter = new AdaptiveConcurrencyLimiter(8);
        Assert.Equal(8, limiter.CurrentLimit);
        for (int i = 0; i < 8; i++) Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
        Assert.Equal(8, limiter.InFlight);
    }

    [Fact]
    public void Halves_on_429_and_never_goes_below_one()
    {
        var limiter = new AdaptiveConcurrencyLimiter(8);
        int[] expected = { 4, 2, 1, 1 };
        foreach (int limit in expected)
        {
            Assert.True(limiter.TryAcquire());
            limiter.Release(rateLimited: true);
            Assert.Equal(limit, limiter.CurrentLimit);
        }
    }

    [Fact]
    public void Creeps_back_by_one_after_k_consecutive_successes_up_to_the_maximum()
    {
        var limiter = new AdaptiveConcurrencyLimiter(3, recoveryAfter: 2);
        Assert.True(limiter.TryAcquire());
        limiter.Release(rateLimited: true);
        Assert.Equal(1, limiter.CurrentLimit);

        Succeed(limiter, 1);
        Assert.Equal(1, limiter.CurrentLimit);
        Succeed(limiter, 1);
        Assert.Equal(2, limiter.CurrentLimit);

        // A 429 resets the streak.
        Succeed(limiter, 1);
        Assert.True(limiter.TryAcquire());
        limiter.Release(rateLimited: true);
        Assert.Equal(1, limiter.CurrentLimit);
        Succeed(limiter, 1);
        Assert.Equal(1, limiter.CurrentLimit);

        Succeed(limiter, 1 + 2 + 2 + 10);
        Assert.Equal(3, limiter.CurrentLimit);
    }

    [Fact]
    public void In_flight_calls_above_a_lowered_limit_drain_before_new_ones_start()
    {
        var limiter = new AdaptiveConcurrencyLimiter(4);
        for (int i = 0; i < 4; i++) Assert.True(limiter.TryAcquire());
        limiter.Release(rateLimited: true); // limit 2, 3 in flight
        Assert.Equal(2, limiter.CurrentLimit);
        Assert.False(limiter.TryAcquire());
        limiter.Release(rateLimited: false); // 2 in flight
        Assert.False(limiter.TryAcquire());
        limiter.Release(rateLimited: false); // 1 in flight
        Assert.True(limiter.TryAcquire());
    }

    [Fact]
    public async Task WaitAsync_resumes_when_a_slot_is_released()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1);
        await limiter.WaitAsync();
        var waiting = limiter.WaitAsync();
        Assert.False(waiting.IsCompleted);
        limiter.Release(rateLimited: false);
        await waiting;
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task WaitAsync_honours_cancellation()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1);
        Assert.True(limiter.TryAcquire());
        using var cts = new CancellationTokenSource();
        var waiting = limiter.WaitAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => waiting);
    }

    private static void Succeed(AdaptiveConcurrencyLimiter limiter, int times)
    {
        for (int i = 0; i < times; i++)
        {
            Assert.True(limiter.TryAcquire());
            limiter.Release(rateLimited: false);
        }
    }
}
