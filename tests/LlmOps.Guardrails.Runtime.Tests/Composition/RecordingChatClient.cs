using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>A provider stand-in that records what reached it and answers from a script.</summary>
internal sealed class RecordingChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> respond;

    public RecordingChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse>? respond = null, string? defaultModelId = "gpt-4o-mini-2024-07-18")
    {
        this.respond = respond ?? ((_, _) => Answer("ok"));
        Metadata = new ChatClientMetadata("fake", null, defaultModelId);
    }

    public ChatClientMetadata Metadata { get; }

    public int Calls { get; private set; }

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = new();

    /// <summary>Streaming answers: the chunks of text to send, one update each.</summary>
    public IReadOnlyList<string> StreamChunks { get; set; } = new[] { "ok" };

    public static ChatResponse Answer(string text, UsageDetails? usage = null, ChatFinishReason? finish = null, string? modelId = "gpt-4o-mini-2024-07-18") =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = finish ?? ChatFinishReason.Stop,
            Usage = usage,
            ModelId = modelId,
            ResponseId = Guid.NewGuid().ToString("N"),
        };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls++;
        Requests.Add((list, options));
        return Task.FromResult(respond(list, options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        Requests.Add((messages.ToList(), options));
        foreach (var chunk in StreamChunks)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { MessageId = "m1", ResponseId = "r1" };
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, MessageId = "m1", ResponseId = "r1" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata :
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    public ManualTimeProvider(DateTimeOffset start) => Now = start;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
