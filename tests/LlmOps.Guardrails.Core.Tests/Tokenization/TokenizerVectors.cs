using System.Text.Json;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

/// <summary>
/// Reference encodings produced by OpenAI's engine (npm tiktoken 1.0.22, its Rust core as WebAssembly):
/// <c>vectors.json</c> (hand-picked) and <c>generated.json</c> (tools/tokenizer-vectors/generate.mjs).
/// The files are copied next to the test assembly; a missing file fails the tests rather than skipping them.
/// </summary>
internal static class TokenizerVectors
{
    public const string Curated = "vectors.json";
    public const string Generated = "generated.json";

    private static readonly Dictionary<string, IReadOnlyList<Vector>> Cache = new();

    public static IReadOnlyList<Vector> Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var vectors))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "vectors", "tokenizer", file);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Tokenizer reference vectors not found at {path}; tests/vectors/tokenizer is copied there by the test project.", path);
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                vectors = document.RootElement.GetProperty("vectors").EnumerateArray().Select(Parse).ToList();
                Cache.Add(file, vectors);
            }

            return vectors;
        }
    }

    /// <summary>(file, index) pairs: xunit shows one test case per vector without serialising odd strings.</summary>
    public static IEnumerable<object[]> Cases(string file) =>
        Enumerable.Range(0, Load(file).Count).Select(i => new object[] { file, i });

    private static Vector Parse(JsonElement element) => new(
        element.GetProperty("string").GetString()!,
        element.GetProperty("encoding").GetString()!,
        element.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
        element.TryGetProperty("allowedSpecial", out var special) && special.GetString() == "all",
        element.TryGetProperty("kind", out var kind) ? kind.GetString()! : "curated");

    public sealed record Vector(string Text, string Encoding, int[] Ids, bool AllowSpecial, string Kind);
}
