using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Catalog.Lookup;

/// <summary>
/// A read-only, case-insensitive hash table keyed by text that is searched with a span, so a lookup of
/// "OpenAI/GPT-4o" can probe for "GPT-4o" without allocating a substring or a lower-cased copy.
/// (Dictionary's span lookups need .NET 9; this assembly also targets netstandard2.0.)
/// </summary>
internal sealed class IdIndex<T>
    where T : class
{
    private readonly string?[] _keys;
    private readonly T?[] _values;
    private readonly int[] _hashes;
    private readonly int _mask;

    /// <param name="keys">The names; unique ignoring case.</param>
    /// <param name="values">The value for each name, in the same order.</param>
    public IdIndex(IReadOnlyList<string> keys, IReadOnlyList<T> values)
    {
        if (keys.Count != values.Count)
        {
            throw new ArgumentException("Every key needs exactly one value.", nameof(values));
        }

        var capacity = 16;
        while (capacity < keys.Count * 2)
        {
            capacity <<= 1;
        }

        _keys = new string?[capacity];
        _values = new T?[capacity];
        _hashes = new int[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < keys.Count; i++)
        {
            Add(keys[i], values[i]);
        }

        Count = keys.Count;
    }

    public int Count { get; }

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var key in _keys)
            {
                if (key is not null)
                {
                    yield return key;
                }
            }
        }
    }

    public T? Find(ReadOnlySpan<char> key)
    {
        var hash = Hash(key);
        for (var slot = hash & _mask; ; slot = (slot + 1) & _mask)
        {
            var candidate = _keys[slot];
            if (candidate is null)
            {
                return null;
            }

            if (_hashes[slot] == hash && EqualsFolded(candidate.AsSpan(), key))
            {
                return _values[slot];
            }
        }
    }

    private void Add(string key, T value)
    {
        var hash = Hash(key.AsSpan());
        for (var slot = hash & _mask; ; slot = (slot + 1) & _mask)
        {
            var candidate = _keys[slot];
            if (candidate is null)
            {
                _keys[slot] = key;
                _values[slot] = value;
                _hashes[slot] = hash;
                return;
            }

            if (_hashes[slot] == hash && EqualsFolded(candidate.AsSpan(), key.AsSpan()))
            {
                throw new ArgumentException($"'{key}' is already in the index.", nameof(key));
            }
        }
    }

    // FNV-1a over case-folded characters: cheap, and good enough spread for a few thousand short ids.
    private static int Hash(ReadOnlySpan<char> key)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in key)
            {
                hash = (hash ^ TypoSuggester.Fold(c)) * 16777619u;
            }

            return (int)(hash & 0x7FFFFFFF);
        }
    }

    private static bool EqualsFolded(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && TypoSuggester.Fold(a[i]) != TypoSuggester.Fold(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
