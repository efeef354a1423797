using System;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Caching;

/// <summary>
/// Where <see cref="ResponseCachingChatClient"/> keeps responses. Keys are opaque strings (tenant partition + SHA-256
/// of the canonical request); entries carry the response as UTF-8 JSON, so an implementation over Redis, SQL or files
/// only stores bytes. Implementations must be thread-safe. <see cref="InMemoryResponseCacheStore"/> is the default.
/// </summary>
public interface IResponseCacheStore
{
    /// <summary>The entry stored under <paramref name="key"/>, or null. Expired entries may be returned: the caller checks <see cref="ResponseCacheEntry.ExpiresAt"/>.</summary>
    ValueTask<ResponseCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the entry under <paramref name="key"/>.</summary>
    ValueTask SetAsync(string key, ResponseCacheEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry under <paramref name="key"/>, if any.</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>One cached response.</summary>
public sealed class ResponseCacheEntry
{
    public ResponseCacheEntry(byte[] responseJson, DateTimeOffset createdAt, DateTimeOffset expiresAt, decimal? costUsd = null)
    {
        ResponseJson = responseJson ?? throw new ArgumentNullException(nameof(responseJson));
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        CostUsd = costUsd;
    }

    /// <summary>The <c>ChatResponse</c> as UTF-8 JSON (Microsoft.Extensions.AI's <c>AIJsonUtilities.DefaultOptions</c>); raw SDK objects are not kept.</summary>
    public byte[] ResponseJson { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>What the original call cost (catalog prices at <see cref="CreatedAt"/>): the saving each hit reports. Null when the model has no price.</summary>
    public decimal? CostUsd { get; }
}
