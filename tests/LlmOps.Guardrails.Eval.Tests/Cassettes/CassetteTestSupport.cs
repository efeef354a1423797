using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Tests.Cassettes;

/// <summary>An inner client that answers from a script and counts its calls.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> script;
    private int calls;

    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> script) => this.script = script;

    public int Calls => Volatile.Read(ref calls);

    public bool Disposed { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        await Task.Yield();
        return script(messages.ToList(), options);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        await Task.Yield();
        var response = script(messages.ToList(), options);
        var words = response.Text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = response.ModelId };
        }

        var final = new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = response.FinishReason, ModelId = response.ModelId };
        if (response.Usage is { } usage)
        {
            final.Contents.Add(new UsageContent(usage));
        }

        yield return final;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => Disposed = true;

    public static ChatResponse Answer(string text, UsageDetails? usage = null, string model = "gpt-4o-2024-08-06", string finish = "stop") =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = model, FinishReason = new ChatFinishReason(finish), Usage = usage };

    /// <summary>Echoes the last user message.</summary>
    public static ScriptedChatClient Echo() => new((messages, _) => Answer("echo: " + messages[^1].Text, new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3 }));
}

/// <summary>A clock at a fixed instant whose timestamps advance by <see cref="Step"/> on every read.</summary>
internal sealed class SteppingTime : TimeProvider
{
    private long ticks;

    public SteppingTime(TimeSpan step) => Step = step;

    public TimeSpan Step { get; }

    public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref ticks, Step.Ticks);
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmops-cassettes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
