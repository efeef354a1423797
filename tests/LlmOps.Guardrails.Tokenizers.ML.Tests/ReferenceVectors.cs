using System.Text.Json;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>
/// The tiktoken reference encodings of tests/vectors/tokenizer (OpenAI's engine, npm tiktoken 1.0.22): 44 curated
/// and 800 generated. A missing file fails the tests rather than skipping them.
/// </summary>
internal static class ReferenceVectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> All = new(() => Load("vectors.json").Concat(Load("generated.json")).ToList());

    public static IReadOnlyList<Vector> Vectors => All.Value;

    /// <summary>Indexes as theory data: one test case per vector without serialising odd strings.</summary>
    public static IEnumerable<object[]> Cases() => Enumerable.Range(0, Vectors.Count).Select(i => new object[] { i });

    private static IEnumerable<Vector> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", "tokenizer", file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer reference vectors not found at {path}; the test project copies tests/vectors/tokenizer there.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Select(element => new Vector(
            element.GetProperty("string").GetString()!,
            element.GetProperty("encoding").GetString()!,
            element.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
            element.TryGetProperty("allowedSpecial", out var special) && special.GetString() == "all")).ToList();
    }

    public sealed record Vector(string Text, string Encoding, int[] Ids, bool AllowSpecial)
    {
        /// <summary>True when the text holds special-token text such as <c>&lt;|endoftext|&gt;</c>.</summary>
        public bool HasSpecialTokenText => Text.Contains("<|", StringComparison.Ordinal) && Text.Contains("|>", StringComparison.Ordinal);
    }
}
