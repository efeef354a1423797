using System.Globalization;

namespace LlmOps.Guardrails.Runtime.Tests.Fakes;

/// <summary>What a <see cref="FakeProviderServer"/> does with one request.</summary>
public enum FakeResponseKind
{
    /// <summary>A well-formed success in the protocol of the request (JSON, or SSE when the request asked to stream).</summary>
    Ok,

    /// <summary>An HTTP error status with the protocol's error body and optional headers (Retry-After, retry-after-ms).</summary>
    Error,

    /// <summary>Wait <see cref="FakeResponse.Delay"/> (meant to exceed the client's timeout), then answer OK if the client is still there.</summary>
    Delay,

    /// <summary>Read the request, then reset the TCP connection without sending a byte.</summary>
    Reset,

    /// <summary>Status 200 with a truncated, unparseable JSON body (or a malformed SSE event when streaming).</summary>
    MalformedJson,

    /// <summary>
    /// Status 200 and the SSE preamble (Anthropic: message_start, content_block_start), then
    /// <see cref="FakeResponse.ChunksBeforeFailure"/> content chunks, then a reset. With 0 chunks nothing follows the
    /// response headers, not even the preamble.
    /// </summary>
    MidStreamReset,

    /// <summary>Exactly <see cref="FakeResponse.RawBody"/> with <see cref="FakeResponse.Status"/> and <see cref="FakeResponse.Headers"/>.</summary>
    Raw,
}

/// <summary>
/// Token counts a <see cref="FakeProviderServer"/> reports in its success responses. OpenAI reports cached and audio input
/// inside <c>prompt_tokens</c>, reasoning and audio output inside <c>completion_tokens</c>.
/// </summary>
public sealed record FakeUsage(
    int InputTokens = 11,
    int OutputTokens = 7,
    int CachedInputTokens = 3,
    int ReasoningTokens = 2,
    int CacheCreationInputTokens = 5,
    int AudioInputTokens = 0,
    int AudioOutputTokens = 0)
{
    /// <summary>OpenAI's total: prompt + completion.</summary>
    public int TotalTokens => InputTokens + OutputTokens;
}

/// <summary>
/// One scripted answer of a <see cref="FakeProviderServer"/>. Build with the static factories; <c>with</c> tweaks the rest.
/// </summary>
public sealed record FakeResponse
{
    public FakeResponseKind Kind { get; init; } = FakeResponseKind.Ok;

    /// <summary>HTTP status for <see cref="FakeResponseKind.Error"/> and <see cref="FakeResponseKind.Raw"/>.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Extra response headers (e.g. Retry-After).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The assistant text of a success; streamed as the pieces <see cref="StreamChunks"/> (or split at spaces).</summary>
    public string Text { get; init; } = "Hello from the fake provider";

    /// <summary>Explicit stream pieces; null splits <see cref="Text"/> after each space.</summary>
    public IReadOnlyList<string>? StreamChunks { get; init; }

    /// <summary>The model reported; null echoes the request's <c>model</c>.</summary>
    public string? Model { get; init; }

    public FakeUsage Usage { get; init; } = new();

    /// <summary>For <see cref="FakeResponseKind.Delay"/>: how long to wait before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For <see cref="FakeResponseKind.MidStreamReset"/>: content chunks sent before the reset.</summary>
    public int ChunksBeforeFailure { get; init; } = 2;

    /// <summary>For <see cref="FakeResponseKind.Raw"/>: the body sent as is.</summary>
    public string? RawBody { get; init; }

    /// <summary>For <see cref="FakeResponseKind.Raw"/>: its content type.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>A success with <paramref name="text"/> (and default usage unless given).</summary>
    public static FakeResponse Ok(string? text = null, FakeUsage? usage = null) => new()
    {
        Kind = FakeResponseKind.Ok,
        Text = text ?? "Hello from the fake provider",
        Usage = usage ?? new FakeUsage(),
    };

    /// <summary>An error status with the protocol's error body (Anthropic 529 gets <c>overloaded_error</c>).</summary>
    public static FakeResponse Error(int status, IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        Kind = FakeResponseKind.Error,
        Status = status,
        Headers = headers ?? new Dictionary<string, string>(),
    };

    /// <summary>429 with <c>Retry-After: seconds</c>.</summary>
    public static FakeResponse RateLimited(int retryAfterSeconds) =>
        Error(429, new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>429 with <c>retry-after-ms: milliseconds</c>.</summary>
    public static FakeResponse RateLimitedMs(int retryAfterMilliseconds) =>
        Error(429, new Dictionary<string, string> { ["retry-after-ms"] = retryAfterMilliseconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>529 with Anthropic's <c>overloaded_error</c> body.</summary>
    public static FakeResponse Overloaded() => Error(529);

    /// <summary>Answer only after <paramref name="delay"/>: longer than the client's timeout makes a timeout.</summary>
    public static FakeResponse Delayed(TimeSpan delay) => new() { Kind = FakeResponseKind.Delay, Delay = delay };

    /// <summary>Reset the connection without a response.</summary>
    public static FakeResponse Reset() => new() { Kind = FakeResponseKind.Reset };

    /// <summary>200 with a body that is not valid JSON.</summary>
    public static FakeResponse MalformedJson() => new() { Kind = FakeResponseKind.MalformedJson };

    /// <summary>A stream that breaks after <paramref name="chunksBeforeFailure"/> content chunks (0: right after the response headers, before any event).</summary>
    public static FakeResponse MidStreamReset(int chunksBeforeFailure = 2) => new()
    {
        Kind = FakeResponseKind.MidStreamReset,
        ChunksBeforeFailure = chunksBeforeFailure,
        Text = "one two three four",
    };

    /// <summary>Any status, body and headers, sent verbatim.</summary>
    public static FakeResponse Raw(int status, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        Kind = FakeResponseKind.Raw,
        Status = status,
        RawBody = body,
        ContentType = contentType,
        Headers = headers ?? new Dictionary<string, string>(),
    };

    internal IReadOnlyList<string> Pieces()
    {
        if (StreamChunks is { Count: > 0 } chunks) return chunks;
        var pieces = new List<string>();
        int start = 0;
        for (int i = 0; i < Text.Length; i++)
        {
            if (Text[i] == ' ')
            {
                pieces.Add(Text.Substring(start, i - start + 1));
                start = i + 1;
            }
        }

        if (start < Text.Length) pieces.Add(Text.Substring(start));
        return pieces;
    }
}
