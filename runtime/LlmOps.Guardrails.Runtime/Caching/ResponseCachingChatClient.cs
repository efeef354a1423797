using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Cost;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Caching;

/// <summary>
/// An exact response cache: the same request (see <see cref="ResponseCacheKey"/>) from the same tenant within the
/// time to live gets the stored answer without reaching the provider. A hit is a fresh copy of the stored response,
/// marked <c>AdditionalProperties["llmops.cache"] = "hit"</c>, with <see cref="ChatResponse.Usage"/> set to zero tokens
/// (no token was billed, so middleware outside it — budget, telemetry — charges and records $0; a null usage would make
/// the budget settle at its worst case) and the original cost reported as saved
/// (<c>"llmops.cache.saved_usd"</c> and the telemetry cache-hit counter). Failures are never stored, nor responses whose
/// finish reason is not in <see cref="ResponseCacheOptions.CacheableFinishReasons"/>.
/// </summary>
public sealed class ResponseCachingChatClient : DelegatingChatClient
{
    /// <summary>The response property that marks a hit (value <see cref="HitValue"/>).</summary>
    public const string CacheProperty = "llmops.cache";

    public const string HitValue = "hit";

    /// <summary>
    /// Per-call switch, <c>ChatOptions.AdditionalProperties["llmops.cache"] = "bypass"</c>: neither read nor write the cache
    /// for this call. Read through <see cref="AttributionResolver.TryGetCallOption"/>, so it works behind the attribution middleware.
    /// </summary>
    public const string BypassValue = "bypass";

    /// <summary>Per-call switch, <c>"llmops.cache" = "refresh"</c>: skip the lookup, call the provider and store the new answer.</summary>
    public const string RefreshValue = "refresh";

    /// <summary>On a hit: the USD the original call cost (decimal), when its model has a price.</summary>
    public const string SavedUsdProperty = "llmops.cache.saved_usd";

    /// <summary>On a hit: the original call's <see cref="UsageDetails"/>, for display (not billed).</summary>
    public const string OriginalUsageProperty = "llmops.cache.original_usage";

    private static readonly JsonSerializerOptions Json = AIJsonUtilities.DefaultOptions;

    private readonly ResponseCacheOptions options;
    private string? defaultModelId;
    private bool defaultModelIdResolved;

    public ResponseCachingChatClient(IChatClient innerClient, ResponseCacheOptions options)
        : base(innerClient)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Store is null)
        {
            throw new ArgumentException("ResponseCacheOptions.Store is required.", nameof(options));
        }

        if (options.TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeToLive, "ResponseCacheOptions.TimeToLive must be positive.");
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var mode = CallMode(options);
        if (mode == BypassValue || !IsCacheable(options))
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = ComputeKey(list, options);
        var hit = mode == RefreshValue ? null : await TryGetHitAsync(key, options, cancellationToken).ConfigureAwait(false);
        if (hit is not null)
        {
            return hit;
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        await TryStoreAsync(key, response, options, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var mode = CallMode(options);
        if (!this.options.CacheStreaming || mode == BypassValue || !IsCacheable(options))
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var key = ComputeKey(list, options);
        var hit = mode == RefreshValue ? null : await TryGetHitAsync(key, options, cancellationToken).ConfigureAwait(false);
        if (hit is not null)
        {
            foreach (var update in hit.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Reached only when the stream completed: a failed or abandoned stream is never stored.
        await TryStoreAsync(key, updates.ToChatResponse(), options, cancellationToken).ConfigureAwait(false);
    }

    private static string? CallMode(ChatOptions? options) =>
        AttributionResolver.TryGetCallOption(options, CacheProperty, out var value) ? value as string : null;

    private static bool IsCacheable(ChatOptions? options) =>
        options is null ||
        (options.ContinuationToken is null && options.RawRepresentationFactory is null && options.AllowBackgroundResponses != true);

    private string ComputeKey(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions)
    {
        if (chatOptions?.ModelId is null && !defaultModelIdResolved)
        {
            defaultModelId = InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
            defaultModelIdResolved = true;
        }

        return ResponseCacheKey.Compute(messages, chatOptions, options.Partition(chatOptions), defaultModelId);
    }

    private async ValueTask<ChatResponse?> TryGetHitAsync(string key, ChatOptions? chatOptions, CancellationToken cancellationToken)
    {
        var entry = await options.Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        if (entry.ExpiresAt <= options.TimeProvider.GetUtcNow())
        {
            await options.Store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            return null;
        }

        ChatResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<ChatResponse>(entry.ResponseJson, Json);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response is null)
        {
            await options.Store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var properties = response.AdditionalProperties ??= new AdditionalPropertiesDictionary();
        properties[CacheProperty] = HitValue;
        if (response.Usage is { } usage)
        {
            properties[OriginalUsageProperty] = usage;
        }

        if (entry.CostUsd is { } saved)
        {
            properties[SavedUsdProperty] = saved;
        }

        response.Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 };
        LlmOpsTelemetry.RecordCacheHit(response.ModelId ?? chatOptions?.ModelId ?? defaultModelId, entry.CostUsd, AttributionResolver.Resolve(chatOptions));
        return response;
    }

    private async ValueTask TryStoreAsync(string key, ChatResponse response, ChatOptions? chatOptions, CancellationToken cancellationToken)
    {
        if (response.FinishReason is not { } finish || !options.CacheableFinishReasons.Contains(finish) || response.ContinuationToken is not null)
        {
            return;
        }

        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(response, Json);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return; // content the serialiser cannot carry: serve it, do not cache it
        }

        if (json.Length > options.MaxEntryBytes)
        {
            return;
        }

        decimal? cost = null;
        var now = options.TimeProvider.GetUtcNow();
        if (response.Usage is not null)
        {
            try
            {
                cost = ChatCost.Of(UsageMapping.ToTokenUsage(response), response.ModelId ?? chatOptions?.ModelId ?? defaultModelId, options.Catalog, now);
            }
            catch (ArgumentException)
            {
                cost = null; // usage that does not add up cannot be priced; the entry still serves hits
            }
        }

        await options.Store.SetAsync(key, new ResponseCacheEntry(json, now, now + options.TimeToLive, cost), cancellationToken).ConfigureAwait(false);
    }
}
