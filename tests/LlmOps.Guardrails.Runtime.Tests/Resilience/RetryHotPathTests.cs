using LlmOps.Guardrails.Runtime.Resilience;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience;

/// <summary>The success path of RetryingChatClient stays lean (budget: ≤ 1 KB per call over a no-op client).</summary>
public class RetryHotPathTests
{
    private sealed class NoOpClient : IChatClient
    {
        private readonly Task<ChatResponse> _response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _response;

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Successful_call_allocates_under_budget()
    {
        using var client = new RetryingChatClient(new NoOpClient());
        var messages = new[] { new ChatMessage(ChatRole.User, "hi") };
        for (int i = 0; i < 100; i++) CallSynchronously(client, messages);

        const int calls = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) CallSynchronously(client, messages);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;

        Assert.True(perCall <= 1024, $"{perCall} bytes per call");
    }

    // Over a no-op inner client the whole call completes synchronously, on this thread: what it allocates is measurable.
    private static void CallSynchronously(IChatClient client, ChatMessage[] messages)
    {
        Task<ChatResponse> call = client.GetResponseAsync(messages);
        Assert.True(call.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Streaming_passes_every_update_through()
    {
        using var client = new RetryingChatClient(new NoOpClient());
        var texts = new List<string>();
        await foreach (ChatResponseUpdate u in client.GetStreamingResponseAsync(new[] { new ChatMessage(ChatRole.User, "hi") })) texts.Add(u.Text);
        Assert.Equal(new[] { "ok" }, texts);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryingChatClient(new NoOpClient(), new RetryOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryingChatClient(new NoOpClient(), new RetryOptions { TotalDeadline = TimeSpan.Zero }));
        using var single = new RetryingChatClient(new NoOpClient(), new RetryOptions { MaxAttempts = 1 });
    }
}
