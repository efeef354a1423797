using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Tests.Resilience.Doubles;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience;

public class FallbackStreamingTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "hello")];

    private static FallbackChatClient Chain(FallbackOptions? options, params ScriptedChatClient[] clients) =>
        new(clients.Select(c => new FallbackTarget(c.Name, c)), options);

    private static async Task<List<ChatResponseUpdate>> ReadAllAsync(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate>? into = null)
    {
        into ??= [];
        await foreach (ChatResponseUpdate update in stream)
        {
            into.Add(update);
        }

        return into;
    }

    [Fact]
    public async Task HealthyPrimaryStreams_ServedByOnFirstUpdate()
    {
        var a = new ScriptedChatClient("a");
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);

        List<ChatResponseUpdate> updates = await ReadAllAsync(chain.GetStreamingResponseAsync(Messages));

        Assert.Equal(["a chunk 0", "a chunk 1", "a chunk 2"], updates.Select(u => u.Text));
        Assert.Equal("a", updates[0].AdditionalProperties?[FallbackChatClient.ServedByKey]);
        Assert.Equal((1, 0), (a.StreamCalls, b.StreamCalls));
    }

    [Theory]
    [InlineData("503", false, true)]
    [InlineData("503", true, true)]
    [InlineData("503", false, false)]
    [InlineData("timeout", false, true)]
    [InlineData("reset", true, true)]
    public async Task FailureBeforeFirstUpdate_NextTargetServes(string error, bool eager, bool async)
    {
        var a = new ScriptedChatClient("a") { AlwaysThrow = FallbackChatClientTests.Error(error), ThrowEagerly = eager, CompleteAsynchronously = async };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);

        List<ChatResponseUpdate> updates = await ReadAllAsync(chain.GetStreamingResponseAsync(Messages));

        Assert.Equal(["b chunk 0", "b chunk 1", "b chunk 2"], updates.Select(u => u.Text));
        Assert.Equal("b", updates[0].AdditionalProperties?[FallbackChatClient.ServedByKey]);
        Assert.Equal((1, 1), (a.StreamCalls, b.StreamCalls));
    }

    [Fact]
    public async Task FailureAfterFirstUpdate_IsSurfaced_NextTargetNotCalled()
    {
        var a = new ScriptedChatClient("a") { StreamFailAfter = 1, StreamError = ProviderErrors.Reset() };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => ReadAllAsync(chain.GetStreamingResponseAsync(Messages), received));

        Assert.Same(a.StreamError, ex);
        Assert.Equal(["a chunk 0"], received.Select(u => u.Text));
        Assert.Equal((1, 0), (a.StreamCalls, b.StreamCalls));
        // A mid-stream reset is still the target's failure.
        Assert.Equal(1, chain.GetCircuitBreaker("a").ConsecutiveFailures);
    }

    [Fact]
    public async Task BadRequestBeforeFirstUpdate_IsSurfaced()
    {
        var a = new ScriptedChatClient("a") { AlwaysThrow = ProviderErrors.BadRequest() };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);

        await Assert.ThrowsAsync<HttpRequestException>(() => ReadAllAsync(chain.GetStreamingResponseAsync(Messages)));
        Assert.Equal((1, 0), (a.StreamCalls, b.StreamCalls));
    }

    [Fact]
    public async Task CallerCancellationBeforeFirstUpdate_IsRethrown_NextTargetNotCalled()
    {
        using var cts = new CancellationTokenSource();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = new ScriptedChatClient("a")
        {
            Before = async ct =>
            {
                inFlight.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);

        Task<List<ChatResponseUpdate>> reading = ReadAllAsync(chain.GetStreamingResponseAsync(Messages, null, cts.Token));
        await inFlight.Task;
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal((1, 0), (a.StreamCalls, b.StreamCalls));
        Assert.Equal(0, chain.GetCircuitBreaker("a").ConsecutiveFailures);
    }

    [Fact]
    public async Task AllTargetsFailingBeforeFirstUpdate_Throws()
    {
        var a = new ScriptedChatClient("a") { AlwaysThrow = ProviderErrors.Unavailable() };
        var b = new ScriptedChatClient("b") { AlwaysThrow = ProviderErrors.Status(429) };
        using var chain = Chain(null, a, b);

        var ex = await Assert.ThrowsAsync<AllTargetsFailedException>(() => ReadAllAsync(chain.GetStreamingResponseAsync(Messages)));

        Assert.Equal(["a", "b"], ex.Errors.Select(e => e.TargetName));
        Assert.Equal([503, 429], ex.Errors.Select(e => e.Failure?.StatusCode ?? 0));
        Assert.Equal((1, 1), (a.StreamCalls, b.StreamCalls));
    }

    [Fact]
    public async Task StreamingModelIdOverrideUsesAClone()
    {
        var a = new ScriptedChatClient("a");
        var callerOptions = new ChatOptions { ModelId = "gpt-4o" };
        using var chain = new FallbackChatClient([new FallbackTarget("a", a, "gpt-4o-2024-08-06")]);

        await ReadAllAsync(chain.GetStreamingResponseAsync(Messages, callerOptions));

        Assert.Equal("gpt-4o-2024-08-06", Assert.Single(a.SeenOptions)!.ModelId);
        Assert.Equal("gpt-4o", callerOptions.ModelId);
    }

    [Fact]
    public async Task StoppingEarly_CountsAsSuccess_AndClosesAHalfOpenCircuit()
    {
        var clock = new ManualTimeProvider();
        var a = new ScriptedChatClient("a") { FailOnCall = n => n == 1 ? ProviderErrors.Unavailable() : null };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(new FallbackOptions { FailureThreshold = 1, TimeProvider = clock }, a, b);

        await ReadAllAsync(chain.GetStreamingResponseAsync(Messages)); // a fails, opens; b serves
        Assert.Equal(CircuitBreakerState.Open, chain.GetCircuitBreaker("a").State);
        clock.Advance(TimeSpan.FromSeconds(30));

        await foreach (ChatResponseUpdate update in chain.GetStreamingResponseAsync(Messages))
        {
            Assert.Equal("a", update.AdditionalProperties?[FallbackChatClient.ServedByKey]);
            break;
        }

        Assert.Equal(CircuitBreakerState.Closed, chain.GetCircuitBreaker("a").State);
        Assert.Equal((2, 1), (a.StreamCalls, b.StreamCalls));
    }

    [Fact]
    public async Task EmptyStreamIsASuccess()
    {
        var a = new ScriptedChatClient("a") { StreamChunks = 0 };
        var b = new ScriptedChatClient("b");
        using var chain = Chain(null, a, b);

        List<ChatResponseUpdate> updates = await ReadAllAsync(chain.GetStreamingResponseAsync(Messages));

        Assert.Empty(updates);
        Assert.Equal((1, 0), (a.StreamCalls, b.StreamCalls));
    }
}
