using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Tests.Resilience.Doubles;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience;

public class CircuitBreakerTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "hello")];

    private static (FallbackChatClient Chain, ScriptedChatClient A, ScriptedChatClient B, ManualTimeProvider Clock) Setup(int threshold = 3)
    {
        var clock = new ManualTimeProvider();
        var a = new ScriptedChatClient("a") { AlwaysThrow = ProviderErrors.Unavailable() };
        var b = new ScriptedChatClient("b");
        var chain = new FallbackChatClient(
            [new FallbackTarget("a", a), new FallbackTarget("b", b)],
            new FallbackOptions { FailureThreshold = threshold, BreakDuration = TimeSpan.FromSeconds(30), TimeProvider = clock });
        return (chain, a, b, clock);
    }

    private static async Task<string?> ServedBy(FallbackChatClient chain) =>
        (string?)(await chain.GetResponseAsync(Messages)).AdditionalProperties?[FallbackChatClient.ServedByKey];

    [Fact]
    public async Task OpensAfterThresholdConsecutiveFailures_ThenSkipsTheTarget()
    {
        var (chain, a, b, _) = Setup(threshold: 3);
        CircuitBreaker breaker = chain.GetCircuitBreaker("a");

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal("b", await ServedBy(chain));
            Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        }

        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal(CircuitBreakerState.Open, breaker.State);
        Assert.Equal(3, breaker.ConsecutiveFailures);
        Assert.IsType<HttpRequestException>(breaker.LastError);

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("b", await ServedBy(chain));
        }

        Assert.Equal((3, 8), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task SuccessResetsTheCount()
    {
        var (chain, a, b, _) = Setup(threshold: 3);
        a.FailOnCall = n => n == 3 ? null : ProviderErrors.Unavailable();

        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal("a", await ServedBy(chain));
        Assert.Equal(0, chain.GetCircuitBreaker("a").ConsecutiveFailures);
        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal("b", await ServedBy(chain));

        Assert.Equal(CircuitBreakerState.Closed, chain.GetCircuitBreaker("a").State);
        Assert.Equal((5, 4), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task HalfOpensAfterCooldown_AndASuccessfulTrialCloses()
    {
        var (chain, a, b, clock) = Setup(threshold: 2);
        await ServedBy(chain);
        await ServedBy(chain);
        CircuitBreaker breaker = chain.GetCircuitBreaker("a");
        Assert.Equal(CircuitBreakerState.Open, breaker.State);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(breaker.IsAvailable);
        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal(2, a.Calls);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.IsAvailable);
        a.AlwaysThrow = null; // the provider recovered
        Assert.Equal("a", await ServedBy(chain));
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        Assert.Equal(0, breaker.ConsecutiveFailures);

        Assert.Equal("a", await ServedBy(chain));
        Assert.Equal((4, 3), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task FailedTrialReopensForAFullBreak()
    {
        var (chain, a, b, clock) = Setup(threshold: 1);
        await ServedBy(chain);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("b", await ServedBy(chain)); // trial fails
        Assert.Equal(2, a.Calls);
        Assert.Equal(CircuitBreakerState.Open, chain.GetCircuitBreaker("a").State);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("b", await ServedBy(chain));
        Assert.Equal(2, a.Calls);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("b", await ServedBy(chain)); // second trial, fails again
        Assert.Equal((3, 4), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task HalfOpenLetsExactlyOneTrialThrough_UnderConcurrency()
    {
        var (chain, a, b, clock) = Setup(threshold: 1);
        await ServedBy(chain);
        clock.Advance(TimeSpan.FromSeconds(30));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trialStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.AlwaysThrow = null;
        a.Before = async _ =>
        {
            trialStarted.TrySetResult();
            await release.Task;
        };

        Task<string?> trial = Task.Run(() => ServedBy(chain));
        await trialStarted.Task;
        Assert.Equal(CircuitBreakerState.HalfOpen, chain.GetCircuitBreaker("a").State);

        string?[] others = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => ServedBy(chain))));
        Assert.All(others, s => Assert.Equal("b", s));
        Assert.Equal(2, a.Calls);

        release.SetResult();
        Assert.Equal("a", await trial);
        Assert.Equal(CircuitBreakerState.Closed, chain.GetCircuitBreaker("a").State);
        Assert.Equal((2, 201), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task AllCircuitsOpen_ThrowsListingEveryTargetWithItsLastError_WithoutCallingAny()
    {
        var clock = new ManualTimeProvider();
        HttpRequestException aError = ProviderErrors.Unavailable();
        HttpRequestException bError = ProviderErrors.Status(502);
        var a = new ScriptedChatClient("openai") { AlwaysThrow = aError };
        var b = new ScriptedChatClient("anthropic") { AlwaysThrow = bError };
        using var chain = new FallbackChatClient(
            [new FallbackTarget("openai", a), new FallbackTarget("anthropic", b)],
            new FallbackOptions { FailureThreshold = 1, TimeProvider = clock });

        await Assert.ThrowsAsync<AllTargetsFailedException>(() => chain.GetResponseAsync(Messages));
        var ex = await Assert.ThrowsAsync<AllTargetsFailedException>(() => chain.GetResponseAsync(Messages));

        Assert.Equal((1, 1), (a.Calls, b.Calls));
        Assert.Equal(2, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.True(e.Skipped));
        Assert.All(ex.Errors, e => Assert.Equal(CircuitBreakerState.Open, e.CircuitState));
        Assert.Equal("openai", ex.Errors[0].TargetName);
        Assert.Same(aError, ex.Errors[0].Error);
        Assert.Equal("anthropic", ex.Errors[1].TargetName);
        Assert.Same(bError, ex.Errors[1].Error);
        Assert.Null(ex.InnerException);
        Assert.Contains("openai: skipped, circuit Open", ex.Message);
        Assert.Contains("anthropic: skipped, circuit Open", ex.Message);
        Assert.Contains("502", ex.Message);

        // Streaming gives the same answer.
        var streamed = await Assert.ThrowsAsync<AllTargetsFailedException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in chain.GetStreamingResponseAsync(Messages))
            {
            }
        });
        Assert.Equal(2, streamed.Errors.Count);
        Assert.Equal((1, 1), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task RequestErrorsDoNotCountAndHandTheTrialBack()
    {
        var (chain, a, b, clock) = Setup(threshold: 1);
        await ServedBy(chain);
        clock.Advance(TimeSpan.FromSeconds(30));

        a.AlwaysThrow = ProviderErrors.BadRequest();
        await Assert.ThrowsAsync<HttpRequestException>(() => chain.GetResponseAsync(Messages)); // trial: the request's fault
        Assert.Equal(1, chain.GetCircuitBreaker("a").ConsecutiveFailures);
        Assert.True(chain.GetCircuitBreaker("a").IsAvailable);

        a.AlwaysThrow = null;
        Assert.Equal("a", await ServedBy(chain)); // the next call takes the trial at once
        Assert.Equal(CircuitBreakerState.Closed, chain.GetCircuitBreaker("a").State);
        Assert.Equal((3, 1), (a.Calls, b.Calls));
    }

    [Fact]
    public async Task ResetClosesByHand()
    {
        var (chain, a, _, _) = Setup(threshold: 1);
        await ServedBy(chain);
        CircuitBreaker breaker = chain.GetCircuitBreaker("a");
        Assert.Equal(CircuitBreakerState.Open, breaker.State);

        breaker.Reset();
        a.AlwaysThrow = null;

        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        Assert.Equal("a", await ServedBy(chain));
    }

    [Fact]
    public void Breaker_SingleTrial_AndStaleTrialIsReplacedAfterAnotherBreak()
    {
        var clock = new ManualTimeProvider();
        var breaker = new CircuitBreaker(2, TimeSpan.FromSeconds(10), clock);

        Assert.True(breaker.TryAcquire(out bool trial));
        Assert.False(trial);
        breaker.OnFailure(trial, new IOException());
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        breaker.OnFailure(false, new IOException());
        Assert.Equal(CircuitBreakerState.Open, breaker.State);
        Assert.False(breaker.TryAcquire(out _));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryAcquire(out trial));
        Assert.True(trial);
        Assert.False(breaker.TryAcquire(out _));
        Assert.Equal(CircuitBreakerState.HalfOpen, breaker.State);

        // The trial never reports (an abandoned stream): after another break a new trial may go.
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(breaker.TryAcquire(out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.TryAcquire(out trial));
        Assert.True(trial);

        breaker.OnSuccess(trial);
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
        Assert.Equal(0, breaker.ConsecutiveFailures);
    }

    [Fact]
    public void Breaker_LateFailureOfAnOldCallDoesNotExtendAnOpenCircuit()
    {
        var clock = new ManualTimeProvider();
        var breaker = new CircuitBreaker(1, TimeSpan.FromSeconds(10), clock);
        breaker.OnFailure(false, new IOException());
        clock.Advance(TimeSpan.FromSeconds(5));
        breaker.OnFailure(false, new IOException()); // a call that started while closed
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(breaker.IsAvailable);
    }

    [Fact]
    public void Breaker_ValidatesArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBreaker(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBreaker(1, TimeSpan.Zero));
        var breaker = new CircuitBreaker(5, TimeSpan.FromSeconds(30));
        Assert.Equal(5, breaker.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), breaker.BreakDuration);
        Assert.Equal(CircuitBreakerState.Closed, breaker.State);
    }
}
