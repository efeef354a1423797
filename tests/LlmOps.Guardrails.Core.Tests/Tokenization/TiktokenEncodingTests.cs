using System.Text;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

public sealed class TiktokenEncodingTests
{
    public static IEnumerable<object[]> Encodings => new[] { new object[] { "o200k_base" }, new object[] { "cl100k_base" } };

    [Fact]
    public void Get_returns_the_named_encoding_and_rejects_others()
    {
        Assert.Same(TiktokenEncoding.O200kBase, TiktokenEncoding.Get("o200k_base"));
        Assert.Same(TiktokenEncoding.Cl100kBase, TiktokenEncoding.Get("cl100k_base"));
        Assert.Equal("o200k_base", TiktokenEncoding.O200kBase.Name);
        Assert.Equal("cl100k_base", TiktokenEncoding.Cl100kBase.Name);
        Assert.Throws<ArgumentException>(() => TiktokenEncoding.Get("p50k_base"));
        Assert.Throws<ArgumentNullException>(() => TiktokenEncoding.Get(null!));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_inverts_encode_for_every_reference_string(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        foreach (var text in AllReferenceStrings())
        {
            var ids = encoding.Encode(text);
            Assert.Equal(text, encoding.Decode(ids));
            Assert.Equal(Encoding.UTF8.GetBytes(text), encoding.DecodeBytes(ids));
            Assert.Equal(text, encoding.Decode((IEnumerable<int>)ids.ToList()));
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void CountTokens_equals_the_length_of_Encode(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        foreach (var text in AllReferenceStrings().Concat(LongPieces()))
        {
            Assert.Equal(encoding.Encode(text).Length, encoding.CountTokens(text));
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Special_tokens_are_text_unless_allowed(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        var endOfText = encoding.SpecialTokens["<|endoftext|>"];
        const string text = "Hello<|endoftext|>World<|endofprompt|>";

        var allowed = encoding.Encode(text, allowSpecialTokens: true);
        var ordinary = encoding.Encode(text);

        Assert.Equal(encoding.Encode("Hello").Concat(new[] { endOfText }).Concat(encoding.Encode("World")).Concat(new[] { encoding.SpecialTokens["<|endofprompt|>"] }), allowed);
        Assert.DoesNotContain(endOfText, ordinary);
        Assert.True(ordinary.Length > allowed.Length);
        Assert.Equal(ordinary.Length, encoding.CountTokens(text));
        Assert.Equal(text, encoding.Decode(allowed));
        Assert.Equal(text, encoding.Decode(ordinary));
    }

    [Fact]
    public void Special_token_ids_are_OpenAIs()
    {
        Assert.Equal(199_999, TiktokenEncoding.O200kBase.SpecialTokens["<|endoftext|>"]);
        Assert.Equal(200_018, TiktokenEncoding.O200kBase.SpecialTokens["<|endofprompt|>"]);
        Assert.Equal(100_257, TiktokenEncoding.Cl100kBase.SpecialTokens["<|endoftext|>"]);
        Assert.Equal(100_276, TiktokenEncoding.Cl100kBase.SpecialTokens["<|endofprompt|>"]);
        Assert.Equal(new[] { 100_258, 100_259, 100_260 }, new[] { "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>" }.Select(t => TiktokenEncoding.Cl100kBase.SpecialTokens[t]));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Unknown_ids_cannot_be_decoded(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        Assert.Throws<ArgumentOutOfRangeException>(() => encoding.Decode(new[] { -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoding.Decode(new[] { 300_000 }));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Lone_surrogates_count_as_replacement_characters(string name)
    {
        // The reference engine takes UTF-8, so JavaScript or Python hand it U+FFFD for a lone surrogate.
        var encoding = TiktokenEncoding.Get(name);
        foreach (var (broken, replaced) in new[] { ("a\uD800b", "a\uFFFDb"), ("x\uDC00", "x\uFFFD"), ("\uD83D", "\uFFFD"), ("\uDE00\uD83D word", "\uFFFD\uFFFD word") })
        {
            Assert.Equal(encoding.Encode(replaced), encoding.Encode(broken));
            Assert.Equal(encoding.CountTokens(replaced), encoding.CountTokens(broken));
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Empty_text_has_no_tokens(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        Assert.Empty(encoding.Encode(string.Empty));
        Assert.Empty(encoding.Encode(string.Empty, allowSpecialTokens: true));
        Assert.Equal(0, encoding.CountTokens(string.Empty));
        Assert.Equal(string.Empty, encoding.Decode(Array.Empty<int>()));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Huge_pieces_are_encoded_without_quadratic_blow_up(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        var random = new Random(7);
        var letters = new string(Enumerable.Range(0, 200_000).Select(_ => (char)('a' + random.Next(26))).ToArray());

        var ids = encoding.Encode(letters);

        Assert.Equal(letters, encoding.Decode(ids));
        Assert.Equal(ids.Length, encoding.CountTokens(letters));

        var spaces = new string(' ', 100_000) + "x";
        var spaceIds = encoding.Encode(spaces);
        Assert.Equal(spaces, encoding.Decode(spaceIds));
        Assert.Equal(spaceIds.Length, encoding.CountTokens(spaces));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Concurrent_counting_gives_the_sequential_answer(string name)
    {
        var encoding = TiktokenEncoding.Get(name);
        var texts = AllReferenceStrings().ToArray();
        var expected = texts.Select(encoding.CountTokens).ToArray();

        var actual = new int[texts.Length];
        Parallel.For(0, texts.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % texts.Length;
            actual[k] = encoding.CountTokens(texts[k]);
        });

        Assert.Equal(expected, actual);
    }

    internal static IEnumerable<string> AllReferenceStrings() =>
        TokenizerVectors.Load(TokenizerVectors.Curated).Concat(TokenizerVectors.Load(TokenizerVectors.Generated)).Select(v => v.Text).Distinct();

    private static IEnumerable<string> LongPieces()
    {
        var random = new Random(11);
        for (var length = 100; length <= 1_000; length += 150)
        {
            yield return new string(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
            yield return string.Concat(Enumerable.Range(0, length / 3).Select(_ => char.ConvertFromUtf32(0x4E00 + random.Next(0x5000))));
            yield return new string('=', length) + "\n" + new string(' ', length) + "x";
        }
    }
}
