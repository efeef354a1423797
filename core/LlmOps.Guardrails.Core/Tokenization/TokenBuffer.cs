using System;
using System.Buffers;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>A growable list of token ids on pooled arrays; <see cref="ToArray"/> is the one allocation of an Encode.</summary>
internal struct TokenBuffer : IDisposable
{
    private int[] _items;
    private int _count;

    public TokenBuffer(int initialCapacity)
    {
        _items = ArrayPool<int>.Shared.Rent(Math.Max(16, initialCapacity));
        _count = 0;
    }

    public readonly int Count => _count;

    public void Add(int id)
    {
        if (_count == _items.Length)
        {
            var larger = ArrayPool<int>.Shared.Rent(_items.Length * 2);
            Array.Copy(_items, larger, _count);
            ArrayPool<int>.Shared.Return(_items);
            _items = larger;
        }

        _items[_count++] = id;
    }

    public readonly int[] ToArray()
    {
        if (_count == 0)
        {
            return Array.Empty<int>();
        }

        var result = new int[_count];
        Array.Copy(_items, result, _count);
        return result;
    }

    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<int>.Shared.Return(_items);
            _items = null!;
        }
    }
}
