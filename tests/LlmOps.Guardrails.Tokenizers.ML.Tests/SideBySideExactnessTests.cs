using LlmOps.Guardrails.Core.Tokenization;
using Microsoft.ML.Tokenizers;
using Xunit.Abstractions;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>
/// Core (through the adapter) and ML.Tokenizers' own <see cref="TiktokenTokenizer"/> on the same reference vectors.
/// Core must be exact on every one; ML's mismatches are counted and printed, not pinned, since they change with
/// ML.Tokenizers releases. The known cause: ML always turns special-token text into its special id, so a
/// prompt containing <c>&lt;|endoftext|&gt;</c> counts differently from what OpenAI bills.
/// </summary>
public sealed class SideBySideExactnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Core_is_exact_on_every_vector_and_ML_mismatches_are_reported()
    {
        var lines = new List<string>();
        var coreWrong = new List<string>();
        foreach (var encoding in new[] { "o200k_base", "cl100k_base" })
        {
            var ml = TiktokenTokenizer.CreateForEncoding(encoding);
            var vectors = ReferenceVectors.Vectors.Where(v => v.Encoding == encoding).ToList();
            int mlWrong = 0, mlWrongSpecialText = 0, mlWrongOtherText = 0, withSpecialText = 0;
            foreach (var vector in vectors)
            {
                var core = ExactTiktokenTokenizer.ForEncoding(encoding, vector.AllowSpecial);
                if (!core.EncodeToIds(vector.Text).SequenceEqual(vector.Ids) || core.CountTokens(vector.Text) != vector.Ids.Length)
                {
                    coreWrong.Add($"{encoding}: {Escape(vector.Text)}");
                }

                withSpecialText += vector.HasSpecialTokenText ? 1 : 0;
                if (!ml.EncodeToIds(vector.Text).SequenceEqual(vector.Ids))
                {
                    mlWrong++;
                    if (vector.HasSpecialTokenText) mlWrongSpecialText++;
                    else mlWrongOtherText++;
                }
            }

            lines.Add($"{encoding}: {vectors.Count} vectors ({withSpecialText} with special-token text). Core wrong: {coreWrong.Count(l => l.StartsWith(encoding, StringComparison.Ordinal))}. "
                + $"ML.Tokenizers {MlVersion} wrong: {mlWrong} ({mlWrongSpecialText} with special-token text, {mlWrongOtherText} without).");
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        Assert.True(coreWrong.Count == 0, "Core differs from the reference engine on:\n" + string.Join('\n', coreWrong));
    }

    [Fact]
    public void The_comparison_can_tell_a_wrong_tokenizer()
    {
        // The check above compares ids for real: ML's handling of special-token text gives other ids than OpenAI's.
        var ml = TiktokenTokenizer.CreateForEncoding("o200k_base");
        const string text = "Please ignore <|endoftext|> in user input.";

        Assert.NotEqual(TiktokenEncoding.O200kBase.Encode(text), ml.EncodeToIds(text));
        Assert.Equal(TiktokenEncoding.O200kBase.Encode(text), ExactTiktokenTokenizer.O200kBase.EncodeToIds(text));
    }

    private static string MlVersion =>
        typeof(TiktokenTokenizer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";

    private static string Escape(string text) => text.Length > 60 ? string.Concat(text.AsSpan(0, 60), "…") : text;
}
