using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tokenizers.ML.Tests;

/// <summary>
/// A self-hosted model whose llmops.models.yaml entry names its own tokenizer file is counted with that file,
/// exactly as Microsoft.ML.Tokenizers counts it, and not with the o200k_base estimate other models get.
/// The fixtures are small enough that the expected ids are worked out by hand (tests/vectors/tokenizer-files/README.md).
/// </summary>
public sealed class TokenizerFileCountingTests : IDisposable
{
    private readonly ModelsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_bpe_vocabulary_with_merges_counts_as_its_merges_say()
    {
        _folder.CopyFixture("tiny-bpe", "tokenizers/acme");
        var model = _folder.CatalogWith("tokenizers/acme/vocab.json").Lookup("acme-model").Model!;

        var counter = TokenCounters.ForModel(model, TokenizerFileCounters.Shared);
        var tokenizer = Assert.IsType<TokenizerFileCounter>(counter).Tokenizer;

        // the | Ġcat | Ġ s at: worked out from the seven merges by hand.
        Assert.Equal(new[] { 262, 261, 32, 115, 259 }, tokenizer.EncodeToIds("the cat sat"));
        Assert.Equal(new TokenCount(5, IsEstimate: false), counter.Count("the cat sat"));
        Assert.Equal("file:tokenizers/acme/vocab.json", counter.Family);
        Assert.True(counter.IsExact);
    }

    [Fact]
    public void A_bpe_count_equals_ML_Tokenizers_on_the_same_files_and_differs_from_the_estimate()
    {
        _folder.CopyFixture("tiny-bpe", "tok");
        var model = _folder.CatalogWith("tok/vocab.json").Lookup("acme-model").Model!;
        var direct = BpeTokenizer.Create(new BpeOptions(Path.Combine(_folder.Path, "tok", "vocab.json"), Path.Combine(_folder.Path, "tok", "merges.txt"))
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"), null),
        });
        const string prompt = "You are the support cat.\nAnswer in one sentence: what is the status of ticket 4521?";

        var counted = TokenCounters.ForModel(model, TokenizerFileCounters.Shared).Count(prompt);
        var withoutFile = TokenCounters.ForModel(model).Count(prompt);

        Assert.Equal(direct.CountTokens(prompt), counted.Tokens);
        Assert.False(counted.IsEstimate);
        Assert.True(withoutFile.IsEstimate);
        Assert.NotEqual(withoutFile.Tokens, counted.Tokens);
    }

    [Fact]
    public void A_sentencepiece_model_counts_as_its_pieces_say()
    {
        _folder.CopyFixture("tiny-sentencepiece", "sp");
        var model = _folder.CatalogWith("sp/tokenizer.model").Lookup("acme-model").Model!;
        using var stream = File.OpenRead(Path.Combine(_folder.Path, "sp", "tokenizer.model"));
        var direct = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);

        var counter = TokenCounters.ForModel(model, TokenizerFileCounters.Shared);

        // ▁the | ▁cat | ▁ s at
        Assert.Equal(new[] { 5, 8, 9, 15, 6 }, Assert.IsType<TokenizerFileCounter>(counter).Tokenizer.EncodeToIds("the cat sat"));
        Assert.Equal(5, counter.Count("the cat sat").Tokens);
        Assert.Equal(direct.CountTokens("the cat sat on the mat"), counter.Count("the cat sat on the mat").Tokens);
    }

    [Fact]
    public void A_unigram_tokenizer_json_counts_as_its_scores_say()
    {
        _folder.CopyFixture("tiny-unigram", "uni");
        var model = _folder.CatalogWith("uni/tokenizer.json").Lookup("acme-model").Model!;

        var counter = TokenCounters.ForModel(model, TokenizerFileCounters.Shared);

        // ▁the | ▁cat | ▁ sat scores -6.5; no other split of "▁sat" scores as well.
        Assert.Equal(new[] { 1, 2, 3, 4 }, Assert.IsType<TokenizerFileCounter>(counter).Tokenizer.EncodeToIds("the cat sat"));
        Assert.Equal(4, counter.Count("the cat sat").Tokens);
    }

    [Fact]
    public void The_prompt_estimator_counts_a_prompt_with_the_models_own_tokenizer()
    {
        _folder.CopyFixture("tiny-bpe", "tokenizers/acme");
        var catalog = _folder.Catalog("""
            models:
              - id: acme-llama-3.1-8b
                provider: vllm
                kind: snapshot
                tokenizer_file: tokenizers/acme/vocab.json
                prices: {input: 0.2, output: 0.2}
              - id: acme-chat
                provider: vllm
                kind: alias
                resolves_to: acme-llama-3.1-8b
            """);
        var prompt = new PromptDefinition
        {
            Id = "triage",
            Model = "acme-chat",
            SourcePath = Path.Combine(_folder.Path, "triage.prompt.yaml"),
            Messages = new[]
            {
                new PromptMessage { Role = "system", Template = "You are the support cat." },
                new PromptMessage { Role = "user", Template = "Classify: {{ticket}}" },
            },
            Variables = new[] { new PromptVariable { Name = "ticket", Sample = "the printer is on fire" } },
        };

        var exact = PromptEstimator.Estimate(prompt, catalog, at: null, TokenizerFileCounters.Shared);
        var estimated = PromptEstimator.Estimate(prompt, catalog);

        var tokenizer = TokenizerFileCounters.Shared.CounterFor(catalog.Lookup("acme-llama-3.1-8b").Model!)!;
        var file = ((TokenizerFileCounter)tokenizer).Tokenizer;
        var expected = 3 + (3 + file.CountTokens("system") + file.CountTokens("You are the support cat."))
                         + (3 + file.CountTokens("user") + file.CountTokens("Classify: the printer is on fire"));
        Assert.Equal("acme-llama-3.1-8b", exact.Model);
        Assert.Equal(expected, exact.InputTokens);
        Assert.False(exact.InputTokensEstimated);
        Assert.True(estimated.InputTokensEstimated);
        Assert.NotEqual(estimated.InputTokens, exact.InputTokens);
    }

    [Fact]
    public void A_replaced_file_is_loaded_again()
    {
        _folder.CopyFixture("tiny-bpe", "tok");
        var model = _folder.CatalogWith("tok/vocab.json").Lookup("acme-model").Model!;
        var counters = new TokenizerFileCounters();
        Assert.Equal(5, counters.CounterFor(model)!.Count("the cat sat").Tokens);

        // Drop the last three merges: "Ġcat" and "the" no longer form.
        var merges = Path.Combine(_folder.Path, "tok", "merges.txt");
        var lines = File.ReadAllLines(merges);
        File.WriteAllLines(merges, lines.Take(lines.Length - 3));
        File.SetLastWriteTimeUtc(merges, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(new[] { 116, 257, 32, 99, 259, 32, 115, 259 }, ((TokenizerFileCounter)counters.CounterFor(model)!).Tokenizer.EncodeToIds("the cat sat"));
    }
}
