using System.IO;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>
/// <c>tokenizer_file</c> in llmops.models.yaml: resolved against the models file's folder, checked on load, inherited
/// like the tokenizer family, and handed to an <see cref="ITokenCounterSource"/> when a counter is chosen.
/// Core never reads the file itself, so any bytes stand in for a tokenizer here.
/// </summary>
public sealed class TokenizerFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmops-tokfile-").FullName;

    public void Dispose() => TestFolders.TryDelete(_folder);

    [Fact]
    public void The_path_is_resolved_against_the_models_file_and_keeps_its_position()
    {
        var catalog = Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: tokenizers/llama.model
                prices: {input: 0, output: 0}
            """, "tokenizers/llama.model");

        var file = catalog.Lookup("acme-llama").Model!.TokenizerFile!;

        Assert.Equal("tokenizers/llama.model", file.Path);
        Assert.Equal(Path.Combine(_folder, "tokenizers", "llama.model"), file.FullPath);
        Assert.Equal(ModelsFile, file.DeclaredIn);
        Assert.Equal((5, 21), (file.Line, file.Column));
    }

    [Fact]
    public void A_missing_file_is_LLMC013_at_the_value_with_what_to_do()
    {
        var ex = Assert.Throws<CatalogException>(() => Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: tokenizers/lama.model
                prices: {input: 0, output: 0}
            """));

        Assert.Equal(CatalogErrorCodes.MissingTokenizerFile, ex.Code);
        Assert.Equal((ModelsFile, 5, 21), (ex.File, ex.Line, ex.Column));
        Assert.StartsWith($"{ModelsFile}(5,21): error LLMC013: Tokenizer file 'tokenizers/lama.model' of model 'acme-llama' does not exist", ex.Message);
        Assert.Contains("relative to the file that declares the model", ex.Message);
    }

    [Fact]
    public void A_folder_is_not_a_tokenizer_file()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "tokenizers"));
        var ex = Assert.Throws<CatalogException>(() => Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: tokenizers
                prices: {input: 0, output: 0}
            """));

        Assert.Equal(CatalogErrorCodes.MissingTokenizerFile, ex.Code);
        Assert.Contains("it is a folder", ex.Message);
    }

    [Fact]
    public void A_non_text_value_is_a_type_error()
    {
        var ex = Assert.Throws<CatalogException>(() => Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: [a.model]
                prices: {input: 0, output: 0}
            """));

        Assert.Equal(CatalogErrorCodes.WrongType, ex.Code);
        Assert.Equal(5, ex.Line);
    }

    [Fact]
    public void Aliases_and_fine_tunes_inherit_the_file_unless_they_state_a_tokenizer()
    {
        var catalog = Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: llama.model
                prices: {input: 0, output: 0}
              - id: acme-chat
                provider: acme
                kind: alias
                resolves_to: acme-llama
              - id: acme-llama-support
                provider: acme
                kind: snapshot
                base_model: acme-llama
              - id: acme-llama-o200k
                provider: acme
                kind: snapshot
                base_model: acme-llama
                tokenizer: o200k_base
            """, "llama.model");

        var own = catalog.Lookup("acme-llama").Model!.TokenizerFile;
        Assert.Same(own, catalog.Lookup("acme-chat").Model!.TokenizerFile);
        Assert.Same(own, catalog.Lookup("acme-llama-support").Model!.TokenizerFile);
        Assert.Null(catalog.Lookup("acme-llama-o200k").Model!.TokenizerFile);
    }

    [Fact]
    public void A_counter_source_decides_for_a_model_with_a_file_and_Core_counts_without_one()
    {
        var catalog = Load("""
            models:
              - id: acme-llama
                provider: acme
                kind: snapshot
                tokenizer_file: llama.model
                prices: {input: 0, output: 0}
            """, "llama.model");
        var model = catalog.Lookup("acme-llama").Model!;
        var source = new FixedSource(new FixedCounter());

        Assert.IsType<FixedCounter>(TokenCounters.ForModel(model, source));
        Assert.Equal(TokenizerFamily.GenericEstimate, TokenCounters.ForModel(model).Family);
        Assert.Same(model, source.AskedFor);

        // A model without a file never reaches the source.
        var gpt = ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!;
        var untouched = new FixedSource(new FixedCounter());
        Assert.Equal(TokenizerFamily.O200kBase, TokenCounters.ForModel(gpt, untouched).Family);
        Assert.Null(untouched.AskedFor);
    }

    private string ModelsFile => Path.Combine(_folder, "llmops.models.yaml");

    private ModelCatalog Load(string yaml, params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(_folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "stand-in");
        }

        File.WriteAllText(ModelsFile, yaml);
        return ModelCatalog.Default.WithOverrides(ModelsFile);
    }

    private sealed class FixedSource(ITokenCounter counter) : ITokenCounterSource
    {
        public ModelInfo? AskedFor { get; private set; }

        public ITokenCounter? CounterFor(ModelInfo model)
        {
            AskedFor = model;
            return counter;
        }
    }

    private sealed class FixedCounter : ITokenCounter
    {
        public string Family => "fixed";

        public bool IsExact => true;

        public TokenCount Count(string text) => new(text.Length, IsEstimate: false);

        public TokenCount CountChat(IEnumerable<ChatMessageText> messages) => new(messages.Count(), IsEstimate: false);
    }
}
