using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Caching;

/// <summary>Settings of <see cref="ResponseCachingChatClient"/>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Where entries live. Default: a new <see cref="InMemoryResponseCacheStore"/> (10 000 entries, LRU).</summary>
    public IResponseCacheStore Store { get; set; } = new InMemoryResponseCacheStore();

    /// <summary>How long an entry serves hits. Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The clock for expiry. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Prices for the cost each hit saves. Default <see cref="ModelCatalog.Default"/>.</summary>
    public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

    /// <summary>
    /// The key space a call belongs to. Default: the call's tenant from <see cref="AttributionResolver"/> (options keys,
    /// the attribution middleware's tags for the call in flight, then the ambient scope); a null result is its own
    /// partition, shared by every call without a tenant.
    /// </summary>
    public Func<ChatOptions?, string?> Partition { get; set; } = static options => AttributionResolver.Resolve(options).Tenant;

    /// <summary>Responses with these finish reasons are stored. Default: Stop and Length. Null finish reasons, tool calls and content-filter stops are not.</summary>
    public ISet<ChatFinishReason> CacheableFinishReasons { get; set; } = new HashSet<ChatFinishReason> { ChatFinishReason.Stop, ChatFinishReason.Length };

    /// <summary>Responses larger than this (serialised, bytes) are not stored. Default 1 MiB.</summary>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Also serve streaming calls: a hit is replayed as updates (<c>ChatResponse.ToChatResponseUpdates</c>) and a miss
    /// is stored once the stream completes. Default false: streaming calls pass through untouched.
    /// </summary>
    public bool CacheStreaming { get; set; }
}
