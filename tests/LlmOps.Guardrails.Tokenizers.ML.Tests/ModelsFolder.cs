using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>A temporary folder holding an llmops.models.yaml and the tokenizer files it names.</summary>
internal sealed class ModelsFolder : IDisposable
{
    public ModelsFolder() => Path = Directory.CreateTempSubdirectory("llmops-mltok-").FullName;

    public string Path { get; }

    public string ModelsFile => System.IO.Path.Combine(Path, "llmops.models.yaml");

    /// <summary>Copies one of tests/vectors/tokenizer-files (as the test project lays it out) under <paramref name="into"/>.</summary>
    public void CopyFixture(string fixture, string into)
    {
        var from = System.IO.Path.Combine(AppContext.BaseDirectory, "vectors", "tokenizer-files", fixture);
        if (!Directory.Exists(from))
        {
            throw new DirectoryNotFoundException($"Tokenizer fixture not found at {from}; the test project copies tests/vectors/tokenizer-files there.");
        }

        var to = System.IO.Path.Combine(Path, into);
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }
    }

    public void Write(string relativePath, string text)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public ModelCatalog Catalog(string yaml)
    {
        File.WriteAllText(ModelsFile, yaml);
        return ModelCatalog.Default.WithOverrides(ModelsFile);
    }

    /// <summary>A models file with one self-hosted model, <c>acme-model</c>, whose tokenizer file is <paramref name="tokenizerFile"/> (line 5, column 21).</summary>
    public ModelCatalog CatalogWith(string tokenizerFile) => Catalog($"""
        models:
          - id: acme-model
            provider: vllm
            kind: snapshot
            tokenizer_file: {tokenizerFile}
            prices: {"{"}input: 0.2, output: 0.2{"}"}
        """);

    public void Dispose() => TestFolders.TryDelete(Path);
}
