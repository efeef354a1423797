using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text;
using System.Threading;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// A byte-level BPE encoding that produces the same token ids as OpenAI's tiktoken for <c>o200k_base</c>
/// (GPT-4o, GPT-4.1, GPT-5, o-series) and <c>cl100k_base</c> (GPT-4, GPT-3.5-turbo, text-embedding-3).
/// Thread-safe. The rank table is decompressed and its SHA-256 checked on first use, not before.
/// </summary>
public sealed class TiktokenEncoding
{
    private static readonly TiktokenEncoding O200k = new(EncodingSpec.O200kBase);
    private static readonly TiktokenEncoding Cl100k = new(EncodingSpec.Cl100kBase);

    private readonly EncodingSpec _spec;
    private readonly object _loadGate = new();
    private readonly Dictionary<int, byte[]> _specialBytesById = new();
    private RankTable? _ranks;

    private TiktokenEncoding(EncodingSpec spec)
    {
        _spec = spec;
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in spec.SpecialTokens)
        {
            specials.Add(pair.Key, pair.Value);
            _specialBytesById.Add(pair.Value, Encoding.UTF8.GetBytes(pair.Key));
        }

        SpecialTokens = new ReadOnlyDictionary<string, int>(specials);
    }

    /// <summary>The encoding of GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o1/o3/o4 models.</summary>
    public static TiktokenEncoding O200kBase => O200k;

    /// <summary>The encoding of GPT-4, GPT-3.5-turbo and the text-embedding-3 models.</summary>
    public static TiktokenEncoding Cl100kBase => Cl100k;

    /// <summary>The encoding named <c>o200k_base</c> or <c>cl100k_base</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static TiktokenEncoding Get(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return name switch
        {
            "o200k_base" => O200k,
            "cl100k_base" => Cl100k,
            _ => throw new ArgumentException($"Unknown encoding '{name}'. Known encodings: o200k_base, cl100k_base.", nameof(name)),
        };
    }

    /// <summary><c>o200k_base</c> or <c>cl100k_base</c>.</summary>
    public string Name => _spec.Name;

    /// <summary>Special tokens and their ids (e.g. <c>&lt;|endoftext|&gt;</c>).</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>
    /// Token ids of <paramref name="text"/>. With <paramref name="allowSpecialTokens"/> false (the default) the text
    /// of a special token such as <c>&lt;|endoftext|&gt;</c> is encoded as ordinary text, like tiktoken's
    /// <c>encode_ordinary</c>; with true it becomes the special token's id, like <c>encode(text, allowed_special="all")</c>.
    /// </summary>
    public int[] Encode(string text, bool allowSpecialTokens = false)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Encode(text.AsSpan(), allowSpecialTokens);
    }

    /// <inheritdoc cref="Encode(string, bool)"/>
    public int[] Encode(ReadOnlySpan<char> text, bool allowSpecialTokens = false)
    {
        var ranks = Ranks;
        var output = new TokenBuffer(text.Length / 3);
        try
        {
            if (!allowSpecialTokens)
            {
                EncodeOrdinary(ranks, text, ref output);
                return output.ToArray();
            }

            // Text between special tokens is encoded on its own, as the reference does: a segment's end acts
            // as the end of the text for the patterns' look-ahead.
            var position = 0;
            while (position <= text.Length)
            {
                var found = FindSpecialToken(text, position, out var id, out var length);
                var segmentEnd = found < 0 ? text.Length : found;
                EncodeOrdinary(ranks, text.Slice(position, segmentEnd - position), ref output);
                if (found < 0)
                {
                    break;
                }

                output.Add(id);
                position = found + length;
            }

            return output.ToArray();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Number of tokens <c>Encode(text)</c> returns, computed without building the list and without allocating.</summary>
    /// <remarks>Special-token text counts as ordinary text, as in <see cref="Encode(string, bool)"/> by default.</remarks>
    public int CountTokens(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return CountTokens(text.AsSpan());
    }

    /// <inheritdoc cref="CountTokens(string)"/>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var ranks = Ranks;
        return _spec.Pattern == PatternKind.O200k
            ? TokenizerCore.Count<O200kPattern>(ranks, text)
            : TokenizerCore.Count<Cl100kPattern>(ranks, text);
    }

    /// <summary>The text of <paramref name="ids"/>; byte sequences that are not valid UTF-8 become U+FFFD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id that is not in the encoding.</exception>
    public string Decode(IEnumerable<int> ids)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        return Decode(new ReadOnlySpan<int>(ids as int[] ?? ids.ToArray()));
    }

    /// <inheritdoc cref="Decode(IEnumerable{int})"/>
    public string Decode(int[] ids) => Decode(new ReadOnlySpan<int>(ids ?? throw new ArgumentNullException(nameof(ids))));

    /// <inheritdoc cref="Decode(IEnumerable{int})"/>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var bytes = DecodeBytes(ids);
        return Encoding.UTF8.GetString(bytes, 0, bytes.Length);
    }

    /// <summary>The raw bytes of <paramref name="ids"/> (a token can end in the middle of a UTF-8 character).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id that is not in the encoding.</exception>
    public byte[] DecodeBytes(ReadOnlySpan<int> ids)
    {
        var ranks = Ranks;
        var total = 0;
        foreach (var id in ids)
        {
            total += TokenBytes(ranks, id).Length;
        }

        var result = new byte[total];
        var written = 0;
        foreach (var id in ids)
        {
            var bytes = TokenBytes(ranks, id);
            bytes.CopyTo(new Span<byte>(result, written, bytes.Length));
            written += bytes.Length;
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal RankTable Ranks => Volatile.Read(ref _ranks) ?? Load();

    private RankTable Load()
    {
        lock (_loadGate)
        {
            if (_ranks is null)
            {
                CharClassTable.EnsureLoaded();
                var file = EmbeddedData.LoadVerified(_spec.TableFile, _spec.TableLength, _spec.TableSha256, $"{_spec.Name} rank table");
                Volatile.Write(ref _ranks, TiktokenFileReader.Read(file, _spec.RankCount, $"{_spec.Name} rank table"));
            }

            return _ranks!;
        }
    }

    private ReadOnlySpan<byte> TokenBytes(RankTable ranks, int id)
    {
        if (ranks.TryGetBytes(id, out var bytes))
        {
            return bytes;
        }

        return _specialBytesById.TryGetValue(id, out var special)
            ? special
            : throw new ArgumentOutOfRangeException("ids", id, $"Token id {id} is not in {Name}.");
    }

    private void EncodeOrdinary(RankTable ranks, ReadOnlySpan<char> text, ref TokenBuffer output)
    {
        if (_spec.Pattern == PatternKind.O200k)
        {
            TokenizerCore.Encode<O200kPattern>(ranks, text, ref output);
        }
        else
        {
            TokenizerCore.Encode<Cl100kPattern>(ranks, text, ref output);
        }
    }

    /// <summary>Leftmost special token at or after <paramref name="from"/>; -1 when there is none.</summary>
    private int FindSpecialToken(ReadOnlySpan<char> text, int from, out int id, out int length)
    {
        // Every special token starts with "<|" and none is a prefix of another, so the first one that matches
        // at the leftmost "<|" is the regex's match.
        while (from < text.Length)
        {
            var at = text.Slice(from).IndexOf("<|".AsSpan());
            if (at < 0)
            {
                break;
            }

            at += from;
            foreach (var pair in _spec.SpecialTokens)
            {
                if (text.Slice(at).StartsWith(pair.Key.AsSpan(), StringComparison.Ordinal))
                {
                    id = pair.Value;
                    length = pair.Key.Length;
                    return at;
                }
            }

            from = at + 1;
        }

        id = 0;
        length = 0;
        return -1;
    }
}
