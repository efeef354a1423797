using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Caching;

/// <summary>
/// A process-local <see cref="IResponseCacheStore"/> bounded by entry count: when full, the least recently used entry
/// is evicted (expired entries first). Thread-safe; one lock, O(1) per operation.
/// </summary>
public sealed class InMemoryResponseCacheStore : IResponseCacheStore
{
    public const int DefaultMaxEntries = 10_000;

    private readonly object gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, ResponseCacheEntry>>> map = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, ResponseCacheEntry>> lru = new(); // most recently used first
    private readonly TimeProvider timeProvider;

    public InMemoryResponseCacheStore(int maxEntries = DefaultMaxEntries, TimeProvider? timeProvider = null)
    {
        if (maxEntries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEntries), maxEntries, "The cache must hold at least one entry.");
        }

        MaxEntries = maxEntries;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public int MaxEntries { get; }

    /// <summary>Entries held now (expired ones included until they are evicted or looked up).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return map.Count;
            }
        }
    }

    /// <summary>Entries evicted to respect <see cref="MaxEntries"/> since creation.</summary>
    public long Evictions { get; private set; }

    public ValueTask<ResponseCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        lock (gate)
        {
            if (!map.TryGetValue(key, out var node))
            {
                return new ValueTask<ResponseCacheEntry?>((ResponseCacheEntry?)null);
            }

            lru.Remove(node);
            lru.AddFirst(node);
            return new ValueTask<ResponseCacheEntry?>(node.Value.Value);
        }
    }

    public ValueTask SetAsync(string key, ResponseCacheEntry entry, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        lock (gate)
        {
            if (map.TryGetValue(key, out var existing))
            {
                lru.Remove(existing);
                map.Remove(key);
            }

            while (map.Count >= MaxEntries)
            {
                EvictOne();
            }

            var node = lru.AddFirst(new KeyValuePair<string, ResponseCacheEntry>(key, entry));
            map[key] = node;
        }

        return default;
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        lock (gate)
        {
            if (map.TryGetValue(key, out var node))
            {
                lru.Remove(node);
                map.Remove(key);
            }
        }

        return default;
    }

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        lock (gate)
        {
            map.Clear();
            lru.Clear();
        }
    }

    private void EvictOne()
    {
        // Prefer an expired entry among the least recently used few; else the least recently used one.
        var now = timeProvider.GetUtcNow();
        var victim = lru.Last!;
        var probe = victim;
        for (var i = 0; i < 8 && probe is not null; i++, probe = probe.Previous)
        {
            if (probe.Value.Value.ExpiresAt <= now)
            {
                victim = probe;
                break;
            }
        }

        lru.Remove(victim);
        map.Remove(victim.Value.Key);
        Evictions++;
    }
}
