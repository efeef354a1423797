using System.Buffers;
using LlmOps.Guardrails.Core.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>The adapter keeps Core's exactness through every member of ML.Tokenizers' <see cref="Tokenizer"/>.</summary>
public sealed class ExactTiktokenTokenizerTests
{
    public static IEnumerable<object[]> Vectors => ReferenceVectors.Cases();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_reference_vector_encodes_counts_and_decodes_exactly(int index)
    {
        var vector = ReferenceVectors.Vectors[index];
        Tokenizer tokenizer = ExactTiktokenTokenizer.ForEncoding(vector.Encoding, vector.AllowSpecial);

        Assert.Equal(vector.Ids, tokenizer.EncodeToIds(vector.Text));
        Assert.Equal(vector.Ids.Length, tokenizer.CountTokens(vector.Text));
        Assert.Equal(vector.Ids.Length, tokenizer.CountTokens(vector.Text.AsSpan()));
        Assert.Equal(vector.Ids, tokenizer.EncodeToTokens(vector.Text, out _).Select(t => t.Id));
        Assert.Equal(TiktokenEncoding.Get(vector.Encoding).Decode(vector.Ids), tokenizer.Decode(vector.Ids));
    }

    [Fact]
    public void Special_token_text_is_ordinary_text_unless_allowed()
    {
        Tokenizer plain = ExactTiktokenTokenizer.O200kBase;
        Tokenizer allowing = ExactTiktokenTokenizer.ForEncoding("o200k_base", allowSpecialTokens: true);

        Assert.Equal(TiktokenEncoding.O200kBase.Encode("a<|endoftext|>"), plain.EncodeToIds("a<|endoftext|>"));
        Assert.DoesNotContain(199999, plain.EncodeToIds("a<|endoftext|>"));
        Assert.Equal(new[] { 64, 199999 }, allowing.EncodeToIds("a<|endoftext|>"));
        Assert.Equal(2, allowing.CountTokens("a<|endoftext|>"));
        Assert.True(plain.CountTokens("a<|endoftext|>") > 2);
    }

    [Fact]
    public void Tokens_carry_their_text_and_char_offsets()
    {
        var tokens = ExactTiktokenTokenizer.O200kBase.EncodeToTokens("Hello, world!", out var normalized);

        Assert.Null(normalized);
        Assert.Equal(new[] { "Hello", ",", " world", "!" }, tokens.Select(t => t.Value));
        Assert.Equal(new[] { 13225, 11, 2375, 0 }, tokens.Select(t => t.Id));
        Assert.Equal(new[] { (0, 5), (5, 6), (6, 12), (12, 13) }, tokens.Select(t => (t.Offset.Start.Value, t.Offset.End.Value)));
    }

    [Fact]
    public void Offsets_of_astral_characters_count_utf16_units()
    {
        const string text = "a𝐀b 👋🏽 ok";
        var tokens = ExactTiktokenTokenizer.O200kBase.EncodeToTokens(text, out _);

        Assert.Equal(0, tokens[0].Offset.Start.Value);
        Assert.Equal(text.Length, tokens[^1].Offset.End.Value);
        for (var i = 1; i < tokens.Count; i++)
        {
            Assert.True(tokens[i].Offset.Start.Value >= tokens[i - 1].Offset.Start.Value, $"token {i} starts before token {i - 1}");
        }
    }

    [Fact]
    public void A_token_limit_stops_on_a_character_boundary()
    {
        Tokenizer tokenizer = ExactTiktokenTokenizer.O200kBase;
        const string text = "Hello, world! How are you today?";
        var all = tokenizer.EncodeToIds(text);

        var three = tokenizer.EncodeToIds(text, maxTokenCount: 3, out _, out var consumed);
        Assert.Equal(all.Take(3), three);
        Assert.Equal("Hello, world", text[..consumed]);

        var index = tokenizer.GetIndexByTokenCount(text, 3, out _, out var count);
        Assert.Equal((consumed, 3), (index, count));

        var fromEnd = tokenizer.GetIndexByTokenCountFromEnd(text, 2, out _, out var tailCount);
        Assert.Equal(2, tailCount);
        Assert.Equal(" today?", text[fromEnd..]);
        Assert.Equal(all.Count, tokenizer.CountTokens(text));
    }

    [Fact]
    public void A_limit_inside_a_character_takes_fewer_tokens()
    {
        // Find a prefix of tokens of this text that ends inside a character: no result may stop there.
        const string text = "a 🧑🏼‍🚀 𠀀𠀁𠀂 ok";
        var ids = TiktokenEncoding.O200kBase.Encode(text);
        var inside = Enumerable.Range(1, ids.Length - 1).First(k => TiktokenEncoding.O200kBase.Decode(ids.Take(k)).EndsWith('\uFFFD'));

        var taken = ExactTiktokenTokenizer.O200kBase.EncodeToIds(text, maxTokenCount: inside, out _, out var consumed);

        Assert.True(taken.Count < inside, $"took {taken.Count} of {inside} tokens");
        Assert.Equal(ids.Take(taken.Count), taken);
        Assert.Equal(TiktokenEncoding.O200kBase.Decode(taken.ToArray()), text[..consumed]);
    }

    [Fact]
    public void Decoding_into_a_span_reports_a_short_destination_and_resumes()
    {
        Tokenizer tokenizer = ExactTiktokenTokenizer.Cl100kBase;
        const string text = "Tokenizers count, then decode: ünïcödé and 🧪.";
        var ids = tokenizer.EncodeToIds(text);

        var small = new char[10];
        Assert.Equal(OperationStatus.DestinationTooSmall, tokenizer.Decode(ids, small, out var consumed, out var written));
        Assert.True(consumed > 0 && consumed < ids.Count);
        Assert.Equal(text[..written], new string(small, 0, written));

        var rest = new char[text.Length];
        Assert.Equal(OperationStatus.Done, tokenizer.Decode(ids.Skip(consumed), rest, out var restConsumed, out var restWritten));
        Assert.Equal(ids.Count - consumed, restConsumed);
        Assert.Equal(text, new string(small, 0, written) + new string(rest, 0, restWritten));
    }

    [Fact]
    public void An_unknown_id_is_invalid_data()
    {
        Tokenizer tokenizer = ExactTiktokenTokenizer.Cl100kBase;

        Assert.Equal(OperationStatus.InvalidData, tokenizer.Decode(new[] { 9, int.MaxValue }, new char[64], out var consumed, out _));
        Assert.Equal(1, consumed);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode(new[] { int.MaxValue }));
    }

    [Fact]
    public void Ids_that_end_inside_a_character_decode_to_a_replacement_character()
    {
        var ids = TiktokenEncoding.O200kBase.Encode("🧑🏼‍🚀");
        var destination = new char[16];

        Assert.Equal(OperationStatus.Done, ExactTiktokenTokenizer.O200kBase.Decode(ids.Take(1), destination, out _, out var written));
        Assert.Equal(TiktokenEncoding.O200kBase.Decode(ids.Take(1)), new string(destination, 0, written));
    }
}
