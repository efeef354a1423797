using System.Text;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

/// <summary>Every reference vector must match id for id, and counting must agree with it.</summary>
public sealed class ReferenceVectorTests
{
    public static IEnumerable<object[]> Curated => TokenizerVectors.Cases(TokenizerVectors.Curated);

    public static IEnumerable<object[]> Generated => TokenizerVectors.Cases(TokenizerVectors.Generated);

    [Theory]
    [MemberData(nameof(Curated))]
    public void Curated_vector_matches_reference_engine(string file, int index) => AssertVector(file, index);

    [Theory]
    [MemberData(nameof(Generated))]
    public void Generated_vector_matches_reference_engine(string file, int index) => AssertVector(file, index);

    [Fact]
    public void Vector_files_cover_what_they_should()
    {
        var curated = TokenizerVectors.Load(TokenizerVectors.Curated);
        var generated = TokenizerVectors.Load(TokenizerVectors.Generated);
        Assert.Equal(44, curated.Count);
        Assert.True(generated.Count >= 500, $"only {generated.Count} generated vectors");
        foreach (var encoding in new[] { "o200k_base", "cl100k_base" })
        {
            Assert.Contains(generated, v => v.Encoding == encoding && v.AllowSpecial);
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.Contains('\u017F', StringComparison.Ordinal));
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.Contains('\uFEFF', StringComparison.Ordinal));
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.Contains("\r\n", StringComparison.Ordinal));
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.Contains('\u200D', StringComparison.Ordinal));
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.EnumerateRunes().Any(r => r.Value > 0xFFFF && Rune.IsLetter(r)));
            Assert.Contains(generated, v => v.Encoding == encoding && v.Text.Contains(new string(' ', 50), StringComparison.Ordinal));
        }
    }

    private static void AssertVector(string file, int index)
    {
        var vector = TokenizerVectors.Load(file)[index];
        var encoding = TiktokenEncoding.Get(vector.Encoding);

        var ids = encoding.Encode(vector.Text, vector.AllowSpecial);

        Assert.True(
            vector.Ids.SequenceEqual(ids),
            $"{vector.Encoding} {vector.Kind} #{index} {Escape(vector.Text)}\nexpected {string.Join(",", vector.Ids)}\nactual   {string.Join(",", ids)}");
        if (!vector.AllowSpecial)
        {
            Assert.Equal(vector.Ids.Length, encoding.CountTokens(vector.Text));
            Assert.Equal(vector.Ids.Length, encoding.CountTokens(vector.Text.AsSpan()));
        }
    }

    private static string Escape(string text)
    {
        var shown = text.Length > 200 ? text[..200] + "..." : text;
        return System.Text.Json.JsonSerializer.Serialize(shown);
    }
}
