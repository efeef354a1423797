using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tokenizers.ML;

/// <summary>
/// Core's exact tiktoken encodings (<c>o200k_base</c>, <c>cl100k_base</c>) as a Microsoft.ML.Tokenizers
/// <see cref="Tokenizer"/>, for code that expects that abstraction. Counting goes straight to Core's
/// allocation-free counter. Text that looks like a special token (<c>&lt;|endoftext|&gt;</c>) is ordinary text unless
/// the tokenizer was made with <c>allowSpecialTokens: true</c>: a user's prompt that contains it is billed as
/// ordinary text, which is what OpenAI's API does and what ML.Tokenizers' own TiktokenTokenizer does not.
/// </summary>
/// <remarks>
/// There is no normalizer, and the pre-tokenizer is part of the encoding (Core's hand-written matchers), so
/// <see cref="EncodeSettings.ConsiderNormalization"/> and <see cref="EncodeSettings.ConsiderPreTokenization"/> change
/// nothing and <see cref="Tokenizer.PreTokenizer"/> is null. Thread-safe.
/// </remarks>
public sealed class ExactTiktokenTokenizer : Tokenizer
{
    private static readonly ExactTiktokenTokenizer O200k = new(TiktokenEncoding.O200kBase, allowSpecialTokens: false);
    private static readonly ExactTiktokenTokenizer Cl100k = new(TiktokenEncoding.Cl100kBase, allowSpecialTokens: false);

    private readonly bool _allowSpecialTokens;

    /// <param name="encoding">The Core encoding to expose.</param>
    /// <param name="allowSpecialTokens">True to turn special-token text into its id, as tiktoken's <c>allowed_special="all"</c>.</param>
    public ExactTiktokenTokenizer(TiktokenEncoding encoding, bool allowSpecialTokens = false)
    {
        Encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        _allowSpecialTokens = allowSpecialTokens;
    }

    /// <summary><c>o200k_base</c> (GPT-4o, GPT-4.1, GPT-5, o-series), special-token text as ordinary text. Shared.</summary>
    public static ExactTiktokenTokenizer O200kBase => O200k;

    /// <summary><c>cl100k_base</c> (GPT-4, GPT-3.5-turbo, text-embedding-3), special-token text as ordinary text. Shared.</summary>
    public static ExactTiktokenTokenizer Cl100kBase => Cl100k;

    /// <summary>The Core encoding behind this tokenizer.</summary>
    public TiktokenEncoding Encoding { get; }

    /// <summary>True when special-token text becomes its id.</summary>
    public bool AllowsSpecialTokens => _allowSpecialTokens;

    /// <summary>The encoding's special tokens and their ids (recognised only when <see cref="AllowsSpecialTokens"/>).</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => Encoding.SpecialTokens;

    /// <summary>The tokenizer for an encoding by name (<c>o200k_base</c>, <c>cl100k_base</c>).</summary>
    /// <exception cref="ArgumentException">An encoding Core does not have.</exception>
    public static ExactTiktokenTokenizer ForEncoding(string name, bool allowSpecialTokens = false) =>
        !allowSpecialTokens && name == O200k.Encoding.Name ? O200k
        : !allowSpecialTokens && name == Cl100k.Encoding.Name ? Cl100k
        : new ExactTiktokenTokenizer(TiktokenEncoding.Get(name), allowSpecialTokens);

    public override string ToString() => Encoding.Name;

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        var ids = Encoding.Encode(span, _allowSpecialTokens);
        if (ids.Length <= settings.MaxTokenCount)
        {
            return new EncodeResults<int> { Tokens = ids, CharsConsumed = span.Length };
        }

        var offsets = new Utf8Offsets(span);
        var (count, endByte) = PrefixWithin(ids, offsets, settings.MaxTokenCount);
        return new EncodeResults<int> { Tokens = new ArraySegment<int>(ids, 0, count), CharsConsumed = offsets.CharAt(endByte) };
    }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        var ids = Encoding.Encode(span, _allowSpecialTokens);
        var offsets = new Utf8Offsets(span);
        var (count, endByte) = ids.Length <= settings.MaxTokenCount ? (ids.Length, offsets.ByteCount) : PrefixWithin(ids, offsets, settings.MaxTokenCount);
        var tokens = new List<EncodedToken>(count);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = Encoding.DecodeBytes(new[] { ids[i] });
            var start = offsets.CharAt(at);
            at += bytes.Length;

            // A token that ends inside a character (a split emoji) reaches to the end of that character.
            var end = offsets.IsCharBoundary(at) ? offsets.CharAt(at) : offsets.CharAt(at) + 1;
            tokens.Add(new EncodedToken(ids[i], Utf8.GetString(bytes), new Range(start, Math.Max(start, end))));
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = offsets.CharAt(endByte) };
    }

    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        if (!_allowSpecialTokens && settings.MaxTokenCount == int.MaxValue)
        {
            // The fast path: Core's counter never builds the id list.
            return Encoding.CountTokens(span);
        }

        return EncodeToIds(text, textSpan, settings).Tokens.Count;
    }

    protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
    {
        normalizedText = null;
        var span = text is null ? textSpan : text.AsSpan();
        var ids = Encoding.Encode(span, _allowSpecialTokens);
        var offsets = new Utf8Offsets(span);
        if (ids.Length <= settings.MaxTokenCount)
        {
            tokenCount = ids.Length;
            return fromEnd ? 0 : span.Length;
        }

        if (!fromEnd)
        {
            var (count, endByte) = PrefixWithin(ids, offsets, settings.MaxTokenCount);
            tokenCount = count;
            return offsets.CharAt(endByte);
        }

        // From the end: the longest run of final tokens within the limit that starts on a character boundary.
        var startByte = offsets.ByteCount;
        var best = (Count: 0, Byte: offsets.ByteCount);
        for (var i = ids.Length - 1; i >= 0 && ids.Length - i <= settings.MaxTokenCount; i--)
        {
            startByte -= Encoding.DecodeBytes(new[] { ids[i] }).Length;
            if (offsets.IsCharBoundary(startByte))
            {
                best = (ids.Length - i, startByte);
            }
        }

        tokenCount = best.Count;
        return offsets.CharAt(best.Byte);
    }

    public override string Decode(IEnumerable<int> ids) => Encoding.Decode(ids ?? throw new ArgumentNullException(nameof(ids)));

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        // One decoder carries a character split across tokens; an id is consumed only when its text fits.
        var decoder = Utf8.GetDecoder();
        var single = new int[1];
        var chars = new char[16];
        idsConsumed = 0;
        charsWritten = 0;
        foreach (var id in ids)
        {
            single[0] = id;
            byte[] bytes;
            try
            {
                bytes = Encoding.DecodeBytes(single);
            }
            catch (ArgumentOutOfRangeException)
            {
                return OperationStatus.InvalidData;
            }

            if (!Append(decoder, bytes, flush: false, destination, ref charsWritten, ref chars))
            {
                return OperationStatus.DestinationTooSmall;
            }

            idsConsumed++;
        }

        // Ids that end inside a character leave U+FFFD, as Decode(ids) gives it.
        return Append(decoder, Array.Empty<byte>(), flush: true, destination, ref charsWritten, ref chars)
            ? OperationStatus.Done
            : OperationStatus.DestinationTooSmall;
    }

    private static bool Append(Decoder decoder, byte[] bytes, bool flush, Span<char> destination, ref int charsWritten, ref char[] buffer)
    {
        var needed = decoder.GetCharCount(bytes, 0, bytes.Length, flush);
        if (charsWritten + needed > destination.Length)
        {
            return false;
        }

        if (buffer.Length < needed)
        {
            buffer = new char[needed];
        }

        var written = decoder.GetChars(bytes, 0, bytes.Length, buffer, 0, flush);
        buffer.AsSpan(0, written).CopyTo(destination.Slice(charsWritten));
        charsWritten += written;
        return true;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // The longest prefix of tokens within the limit whose end falls on a character boundary.
    private (int Count, int EndByte) PrefixWithin(int[] ids, Utf8Offsets offsets, int maxTokens)
    {
        var at = 0;
        var best = (Count: 0, EndByte: 0);
        for (var i = 0; i < ids.Length && i < maxTokens; i++)
        {
            at += Encoding.DecodeBytes(new[] { ids[i] }).Length;
            if (offsets.IsCharBoundary(at))
            {
                best = (i + 1, at);
            }
        }

        return best;
    }
}
