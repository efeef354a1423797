using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>
/// A tokenizer file that is missing or cannot be loaded is a diagnostic at its <c>tokenizer_file</c> line in
/// llmops.models.yaml (line 5, column 21 in these files), with a code and what to do; never a crash or a silent estimate.
/// </summary>
public sealed class TokenizerFileDiagnosticsTests : IDisposable
{
    private readonly ModelsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_missing_file_is_LLMC013_when_the_models_file_is_read()
    {
        var ex = Assert.Throws<CatalogException>(() => _folder.CatalogWith("tokenizers/llama.model"));

        AssertAtDeclaration(ex, CatalogErrorCodes.MissingTokenizerFile, "does not exist");
    }

    [Fact]
    public void A_file_deleted_after_the_catalog_was_read_is_LLMC013_on_first_count()
    {
        _folder.CopyFixture("tiny-sentencepiece", "sp");
        var model = _folder.CatalogWith("sp/tokenizer.model").Lookup("acme-model").Model!;
        File.Delete(Path.Combine(_folder.Path, "sp", "tokenizer.model"));

        var ex = Assert.Throws<CatalogException>(() => new TokenizerFileCounters().CounterFor(model));

        AssertAtDeclaration(ex, CatalogErrorCodes.MissingTokenizerFile, "no longer exists");
    }

    [Fact]
    public void A_corrupt_sentencepiece_model_is_LLMC014()
    {
        _folder.Write("sp/tokenizer.model", "this is not a protobuf");

        var ex = Load("sp/tokenizer.model");

        AssertAtDeclaration(ex, CatalogErrorCodes.UnreadableTokenizerFile, "is not a SentencePiece BPE model");
        Assert.Contains("Use the 'tokenizer.model' published with the model's weights", ex.Message);
    }

    [Fact]
    public void A_vocabulary_without_merges_is_LLMC014_naming_the_missing_file()
    {
        _folder.CopyFixture("tiny-bpe", "tok");
        File.Delete(Path.Combine(_folder.Path, "tok", "merges.txt"));

        var ex = Load("tok/vocab.json");

        AssertAtDeclaration(ex, CatalogErrorCodes.UnreadableTokenizerFile, "there is no 'merges.txt' beside it");
    }

    [Fact]
    public void Malformed_json_is_LLMC014()
    {
        _folder.Write("tok/vocab.json", "{\"a\": 0,");

        AssertAtDeclaration(Load("tok/vocab.json"), CatalogErrorCodes.UnreadableTokenizerFile, "is not valid JSON");
    }

    [Fact]
    public void A_bpe_tokenizer_json_is_LLMC014_saying_which_files_to_use()
    {
        _folder.Write("tok/tokenizer.json", """{"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}""");

        var ex = Load("tok/tokenizer.json");

        AssertAtDeclaration(ex, CatalogErrorCodes.UnreadableTokenizerFile, "with a 'BPE' model");
        Assert.Contains("'vocab.json' (with 'merges.txt' beside it) or its SentencePiece 'tokenizer.model'", ex.Message);
    }

    [Fact]
    public void An_unknown_kind_of_file_is_LLMC014()
    {
        _folder.Write("tok/tokenizer.bin", "?");

        AssertAtDeclaration(Load("tok/tokenizer.bin"), CatalogErrorCodes.UnreadableTokenizerFile, "of a kind this release cannot load ('.bin')");
    }

    [Fact]
    public void Without_the_ML_source_the_model_counts_as_a_marked_estimate()
    {
        _folder.Write("sp/tokenizer.model", "never read");
        var model = _folder.CatalogWith("sp/tokenizer.model").Lookup("acme-model").Model!;

        var count = TokenCounters.ForModel(model).Count("the cat sat");

        Assert.True(count.IsEstimate);
    }

    private CatalogException Load(string tokenizerFile)
    {
        var model = _folder.CatalogWith(tokenizerFile).Lookup("acme-model").Model!;
        return Assert.Throws<CatalogException>(() => new TokenizerFileCounters().CounterFor(model));
    }

    private void AssertAtDeclaration(CatalogException ex, string code, string detail)
    {
        Assert.Equal(code, ex.Code);
        Assert.Equal((_folder.ModelsFile, 5, 21), (ex.File, ex.Line, ex.Column));
        Assert.StartsWith($"{_folder.ModelsFile}(5,21): error {code}: ", ex.Message);
        Assert.Contains(detail, ex.Message);
    }
}
