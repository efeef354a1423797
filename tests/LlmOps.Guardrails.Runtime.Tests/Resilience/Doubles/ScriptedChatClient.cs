using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience.Doubles;

/// <summary>
/// An in-process provider whose every call follows a script: succeed, throw, wait for a gate or for cancellation,
/// stream N chunks and optionally fail after K of them. Counts every call exactly.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private int _calls;
    private int _streamCalls;

    public ScriptedChatClient(string name) => Name = name;

    public string Name { get; }

    /// <summary>Returns the exception the n-th call (1-based, counted over both entry points) throws, or null to succeed.</summary>
    public Func<int, Exception?>? FailOnCall { get; set; }

    /// <summary>Every call throws this (shorthand for <see cref="FailOnCall"/>).</summary>
    public Exception? AlwaysThrow { set => FailOnCall = value is null ? null : _ => value; }

    /// <summary>Complete asynchronously (default) or synchronously.</summary>
    public bool CompleteAsynchronously { get; set; } = true;

    /// <summary>Throw from the GetStreamingResponseAsync call itself rather than from the first MoveNextAsync.</summary>
    public bool ThrowEagerly { get; set; }

    /// <summary>Awaited (with the call's token) before the call answers or fails; lets a test hold calls in flight.</summary>
    public Func<CancellationToken, Task>? Before { get; set; }

    /// <summary>Chunks a stream yields.</summary>
    public int StreamChunks { get; set; } = 3;

    /// <summary>When set, the stream throws <see cref="StreamError"/> after yielding this many chunks.</summary>
    public int? StreamFailAfter { get; set; }

    public Exception StreamError { get; set; } = new IOException("connection reset by peer");

    public int Calls => Volatile.Read(ref _calls);

    public int StreamCalls => Volatile.Read(ref _streamCalls);

    public ConcurrentQueue<ChatOptions?> SeenOptions { get; } = new();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _calls);
        SeenOptions.Enqueue(options);
        if (Before is not null)
        {
            await Before(cancellationToken).ConfigureAwait(false);
        }

        if (CompleteAsynchronously)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (FailOnCall?.Invoke(call) is Exception error)
        {
            throw error;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, Name + " answer " + call)) { ModelId = options?.ModelId };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _streamCalls);
        SeenOptions.Enqueue(options);
        Exception? error = FailOnCall?.Invoke(call);
        if (error is not null && ThrowEagerly)
        {
            throw error;
        }

        return StreamAsync(error, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(Exception? error, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Before is not null)
        {
            await Before(cancellationToken).ConfigureAwait(false);
        }

        if (CompleteAsynchronously)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (error is not null)
        {
            throw error;
        }

        for (int i = 0; i < StreamChunks; i++)
        {
            if (StreamFailAfter == i)
            {
                throw StreamError;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, Name + " chunk " + i);
            if (CompleteAsynchronously)
            {
                await Task.Yield();
            }
        }

        if (StreamFailAfter == StreamChunks)
        {
            throw StreamError;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
