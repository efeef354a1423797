using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Cost;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>Settings of a <see cref="CassetteChatClient"/>.</summary>
public sealed class CassetteChatClientOptions
{
    /// <summary>The model id keyed when a request sets no <see cref="ChatOptions.ModelId"/> (else the inner client's default model).</summary>
    public string? DefaultModelId { get; set; }

    /// <summary>What is scrubbed from recordings; defaults to <see cref="SecretScrubber.FromEnvironment"/>, read when the client is created.</summary>
    public SecretScrubber? Scrubber { get; set; }

    /// <summary>
    /// Record mode: at flush, drop the recordings of touched prompts that this run neither recorded nor replayed
    /// (<see cref="CassetteStore.Flush(bool)"/>). Only for runs over every case of the prompts they record.
    /// </summary>
    public bool PruneUnused { get; set; }

    /// <summary>The clock of <c>recorded_at</c> and of measured latency.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// Record/replay of chat calls against a <see cref="CassetteStore"/>. The cassette file is chosen by the request's
/// <see cref="CassetteProperties.PromptId"/>, the interaction by <see cref="CassetteKey"/>; replayed responses carry
/// their recorded usage, finish reason and model, <c>AdditionalProperties["llmops.replayed"] = true</c> and the recorded
/// latency (<see cref="CassetteProperties.LatencyMs"/>). In <see cref="CassetteMode.Record"/> mode the cassettes are
/// written at <see cref="Flush"/> and at <see cref="Dispose"/>. Disposing also disposes the inner client (in every
/// mode; in <see cref="CassetteMode.Offline"/> mode the inner client is never called).
/// </summary>
public sealed class CassetteChatClient : IChatClient
{
    private readonly IChatClient? inner;
    private readonly IChatClient? owned;
    private readonly SecretScrubber scrubber;
    private readonly TimeProvider time;
    private readonly string? defaultModelId;
    private readonly bool pruneUnused;
    private int disposed;

    public CassetteChatClient(CassetteStore store, CassetteMode mode, IChatClient? inner = null, CassetteChatClientOptions? options = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        if (mode == CassetteMode.Record && inner is null)
        {
            throw new ArgumentException("Recording needs a client that calls the provider.", nameof(inner));
        }

        Mode = mode;
        owned = inner;
        this.inner = mode == CassetteMode.Offline ? null : inner;
        scrubber = options?.Scrubber ?? SecretScrubber.FromEnvironment();
        time = options?.TimeProvider ?? TimeProvider.System;
        pruneUnused = options?.PruneUnused ?? false;
        defaultModelId = options?.DefaultModelId ?? inner?.GetService<ChatClientMetadata>()?.DefaultModelId;
    }

    public CassetteMode Mode { get; }

    public CassetteStore Store { get; }

    /// <summary>The cassette key of a request as this client computes it.</summary>
    public string ComputeKey(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        CassetteKey.Compute(messages, options, defaultModelId);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Prepare(messages, options);
        if (Mode != CassetteMode.Record)
        {
            if (Store.TryGet(call.PromptId, call.Key, out var entry))
            {
                return ToResponse(entry);
            }

            var live = MissingInner(call);
            var started = time.GetTimestamp();
            var liveResponse = await live.GetResponseAsync(call.Messages, options, cancellationToken).ConfigureAwait(false);
            Annotate(liveResponse.AdditionalProperties ??= new AdditionalPropertiesDictionary(), call.Key, time.GetElapsedTime(started).TotalMilliseconds, replayed: false);
            return liveResponse;
        }

        var start = time.GetTimestamp();
        var response = await inner!.GetResponseAsync(call.Messages, options, cancellationToken).ConfigureAwait(false);
        var latency = time.GetElapsedTime(start).TotalMilliseconds;
        Record(call, response, latency);
        Annotate(response.AdditionalProperties ??= new AdditionalPropertiesDictionary(), call.Key, latency, replayed: false);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = Prepare(messages, options);
        if (Mode != CassetteMode.Record)
        {
            if (Store.TryGet(call.PromptId, call.Key, out var entry))
            {
                foreach (var update in ToUpdates(entry))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return update;
                }

                yield break;
            }

            var live = MissingInner(call);
            await foreach (var update in live.GetStreamingResponseAsync(call.Messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var start = time.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in inner!.GetStreamingResponseAsync(call.Messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        Record(call, updates.ToChatResponse(), time.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>Writes the recorded cassettes (Record mode); a no-op otherwise.</summary>
    public void Flush()
    {
        if (Mode == CassetteMode.Record)
        {
            Store.Flush(pruneUnused);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return owned?.GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private IChatClient MissingInner(Call call) =>
        inner ?? throw new CassetteMissException(call.PromptId, call.CaseId, call.Key, Store.GetPath(call.PromptId), !Store.HasRecordings(call.PromptId));

    private Call Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var promptId = ReadId(options, CassetteProperties.PromptId) ?? CassetteStore.DefaultPromptId;
        var caseId = ReadId(options, CassetteProperties.CaseId);
        var model = options?.ModelId ?? defaultModelId;
        var request = CassetteKey.BuildRequest(list, options);
        return new Call(list, promptId, caseId, model, request, CassetteKey.Compute(model, request));
    }

    private static string? ReadId(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(key, out var value) && value is not null
            ? value.ToString()
            : null;

    private void Record(Call call, ChatResponse response, double latencyMs)
    {
        var usage = response.Usage is { } u
            ? new CassetteUsage
            {
                Input = u.InputTokenCount,
                Output = u.OutputTokenCount,
                CachedInput = u.CachedInputTokenCount,
                Reasoning = u.ReasoningTokenCount,
                CacheWrite = u.AdditionalCounts is { } counts && counts.TryGetValue(UsageMapping.CacheCreationInputTokensKey, out var write) ? write : null,
            }
            : null;

        List<CassetteToolCall>? toolCalls = null;
        foreach (var functionCall in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            var arguments = new JsonObject();
            if (functionCall.Arguments is not null)
            {
                foreach (var pair in functionCall.Arguments)
                {
                    arguments[pair.Key] = pair.Value switch
                    {
                        null => null,
                        JsonElement element => JsonNode.Parse(element.GetRawText()),
                        { } value => JsonSerializer.SerializeToNode(value, value.GetType(), AIJsonUtilities.DefaultOptions),
                    };
                }
            }

            (toolCalls ??= new List<CassetteToolCall>()).Add(new CassetteToolCall(
                scrubber.Scrub(functionCall.CallId) ?? string.Empty,
                scrubber.Scrub(functionCall.Name) ?? string.Empty,
                (JsonObject?)scrubber.Scrub(arguments)));
        }

        var entry = new CassetteEntry
        {
            Key = call.Key,
            Model = scrubber.Scrub(call.Model),
            Request = (JsonObject)scrubber.Scrub(call.Request)!,
            Response = new CassetteResponse
            {
                Text = scrubber.Scrub(response.Text) ?? string.Empty,
                Model = scrubber.Scrub(response.ModelId),
                FinishReason = response.FinishReason?.Value,
                Usage = usage,
                LatencyMs = Math.Round(latencyMs, 1),
                ToolCalls = toolCalls,
            },
            RecordedAt = time.GetUtcNow(),
        };
        Store.Put(call.PromptId, entry);
    }

    private static void Annotate(AdditionalPropertiesDictionary properties, string key, double? latencyMs, bool replayed)
    {
        if (replayed)
        {
            properties[CassetteProperties.Replayed] = true;
        }

        if (latencyMs is { } latency)
        {
            properties[CassetteProperties.LatencyMs] = latency;
        }

        properties[CassetteProperties.Key] = key;
    }

    private static UsageDetails? ToUsage(CassetteUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.Input,
            OutputTokenCount = usage.Output,
            TotalTokenCount = usage.Input is null && usage.Output is null ? null : (usage.Input ?? 0) + (usage.Output ?? 0),
            CachedInputTokenCount = usage.CachedInput,
            ReasoningTokenCount = usage.Reasoning,
        };
        if (usage.CacheWrite is { } write)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { [UsageMapping.CacheCreationInputTokensKey] = write };
        }

        return details;
    }

    private static List<AIContent> ToolCallContents(CassetteEntry entry)
    {
        var contents = new List<AIContent>();
        if (entry.Response.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                Dictionary<string, object?>? arguments = null;
                if (call.Arguments is not null)
                {
                    arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var pair in call.Arguments)
                    {
                        arguments[pair.Key] = pair.Value is null ? null : JsonSerializer.Deserialize<JsonElement>(pair.Value.ToJsonString());
                    }
                }

                contents.Add(new FunctionCallContent(call.CallId, call.Name, arguments));
            }
        }

        return contents;
    }

    private static ChatResponse ToResponse(CassetteEntry entry)
    {
        var contents = new List<AIContent>();
        if (entry.Response.Text.Length > 0)
        {
            contents.Add(new TextContent(entry.Response.Text));
        }

        contents.AddRange(ToolCallContents(entry));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = entry.Response.Model ?? entry.Model,
            FinishReason = entry.Response.FinishReason is { } finish ? new ChatFinishReason(finish) : null,
            Usage = ToUsage(entry.Response.Usage),
            CreatedAt = entry.RecordedAt,
            AdditionalProperties = new AdditionalPropertiesDictionary(),
        };
        Annotate(response.AdditionalProperties, entry.Key, entry.Response.LatencyMs, replayed: true);
        return response;
    }

    /// <summary>A recorded response as a stream: the text in up to three chunks (split at spaces), tool calls, then usage and finish reason.</summary>
    private static IEnumerable<ChatResponseUpdate> ToUpdates(CassetteEntry entry)
    {
        var model = entry.Response.Model ?? entry.Model;
        var messageId = entry.Key;
        ChatResponseUpdate NewUpdate(IList<AIContent> contents)
        {
            var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ModelId = model,
                MessageId = messageId,
                CreatedAt = entry.RecordedAt,
                AdditionalProperties = new AdditionalPropertiesDictionary(),
            };
            update.AdditionalProperties[CassetteProperties.Replayed] = true;
            return update;
        }

        foreach (var chunk in Chunk(entry.Response.Text, 3))
        {
            yield return NewUpdate(new List<AIContent> { new TextContent(chunk) });
        }

        var calls = ToolCallContents(entry);
        if (calls.Count > 0)
        {
            yield return NewUpdate(calls);
        }

        var final = NewUpdate(new List<AIContent>());
        if (ToUsage(entry.Response.Usage) is { } usage)
        {
            final.Contents.Add(new UsageContent(usage));
        }

        final.FinishReason = entry.Response.FinishReason is { } finish ? new ChatFinishReason(finish) : null;
        Annotate(final.AdditionalProperties!, entry.Key, entry.Response.LatencyMs, replayed: true);
        yield return final;
    }

    internal static IEnumerable<string> Chunk(string text, int parts)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        var start = 0;
        for (var i = 1; i < parts && start < text.Length; i++)
        {
            var target = start + ((text.Length - start) / (parts - i + 1));
            var cut = text.IndexOf(' ', Math.Max(target, start + 1));
            if (cut < 0 || cut >= text.Length - 1)
            {
                break;
            }

            cut++;
            yield return text.Substring(start, cut - start);
            start = cut;
        }

        yield return text.Substring(start);
    }

    private sealed record Call(IReadOnlyList<ChatMessage> Messages, string PromptId, string? CaseId, string? Model, JsonObject Request, string Key);
}
