using System;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Catalog;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tokenizers.ML;

/// <summary>
/// Loads a model's own tokenizer file (<see cref="ModelInfo.TokenizerFile"/>) with Microsoft.ML.Tokenizers.
/// The kind is told by the file:
/// <list type="bullet">
/// <item><c>*.model</c>: a SentencePiece BPE model (Llama 2, Mistral 7B, Mixtral), as <see cref="LlamaTokenizer"/>;</item>
/// <item><c>*.json</c> holding a flat token → id map: a byte-level BPE vocabulary (GPT-2 style, as Qwen and other
/// Hugging Face models publish <c>vocab.json</c>) with <c>merges.txt</c> beside it, as <see cref="BpeTokenizer"/>;</item>
/// <item><c>*.json</c> that is a Hugging Face <c>tokenizer.json</c> with a Unigram model, as <see cref="SentencePieceTokenizer"/>.</item>
/// </list>
/// No beginning- or end-of-sentence token is added: a prompt's count is its text's tokens, as for the OpenAI encodings.
/// </summary>
public static class TokenizerFileLoader
{
    /// <summary>The file next to a <c>vocab.json</c> that holds the BPE merges.</summary>
    public const string MergesFileName = "merges.txt";

    // GPT-2's split, which byte-level BPE vocabularies published as vocab.json + merges.txt are trained with.
    private static readonly Regex ByteLevelSplit = new(
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
        RegexOptions.CultureInvariant);

    /// <summary>Loads the tokenizer file <paramref name="file"/> names.</summary>
    /// <exception cref="CatalogException"><see cref="CatalogErrorCodes.UnreadableTokenizerFile"/> at the <c>tokenizer_file</c> line:
    /// the file cannot be read, is of no kind listed above, or ML.Tokenizers rejects it.</exception>
    public static Tokenizer Load(TokenizerFileReference file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        var extension = Path.GetExtension(file.FullPath);
        try
        {
            if (string.Equals(extension, ".model", StringComparison.OrdinalIgnoreCase))
            {
                return LoadSentencePiece(file);
            }

            if (string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
            {
                return LoadJson(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' cannot be read: {ex.Message}", ex);
        }

        throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is of a kind this release cannot load ('{extension}'). Name a SentencePiece 'tokenizer.model', a BPE 'vocab.json' with 'merges.txt' beside it, or a Unigram 'tokenizer.json'.");
    }

    private static Tokenizer LoadSentencePiece(TokenizerFileReference file)
    {
        using var stream = File.OpenRead(file.FullPath);
        try
        {
            return LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception ex) when (IsRejection(ex))
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is not a SentencePiece BPE model that Microsoft.ML.Tokenizers can load ({ex.Message}). Use the 'tokenizer.model' published with the model's weights.", ex);
        }
    }

    private static Tokenizer LoadJson(TokenizerFileReference file)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file.FullPath));
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is not valid JSON ({ex.Message}). Use the model's own 'vocab.json' or 'tokenizer.json', unmodified.", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is JSON but not an object; a 'vocab.json' maps tokens to ids and a 'tokenizer.json' has a 'model'.");
        }

        return root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
            ? LoadTokenizerJson(file, model)
            : LoadVocabulary(file);
    }

    private static Tokenizer LoadTokenizerJson(TokenizerFileReference file, JsonElement model)
    {
        var type = model.TryGetProperty("type", out var typeNode) && typeNode.ValueKind == JsonValueKind.String ? typeNode.GetString() : null;
        if (type != "Unigram")
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is a Hugging Face tokenizer.json with a '{type ?? "unnamed"}' model; Microsoft.ML.Tokenizers 3.0 reads a tokenizer.json only for Unigram models. Point 'tokenizer_file' at the model's 'vocab.json' (with 'merges.txt' beside it) or its SentencePiece 'tokenizer.model' instead.");
        }

        using var stream = File.OpenRead(file.FullPath);
        try
        {
            return SentencePieceTokenizer.CreateFromTokenizerJson(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception ex) when (IsRejection(ex))
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is a Unigram tokenizer.json that Microsoft.ML.Tokenizers cannot load ({ex.Message}). Use the model's file unmodified.", ex);
        }
    }

    private static Tokenizer LoadVocabulary(TokenizerFileReference file)
    {
        var merges = Path.Combine(Path.GetDirectoryName(file.FullPath) ?? string.Empty, MergesFileName);
        if (!File.Exists(merges))
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' is a BPE vocabulary, but there is no '{MergesFileName}' beside it (looked for {merges}). Commit the model's '{MergesFileName}' in the same folder.");
        }

        try
        {
            return BpeTokenizer.Create(new BpeOptions(file.FullPath, merges)
            {
                ByteLevel = true,
                PreTokenizer = new RegexPreTokenizer(ByteLevelSplit, specialTokens: null),
            });
        }
        catch (Exception ex) when (IsRejection(ex))
        {
            throw file.Problem(CatalogErrorCodes.UnreadableTokenizerFile, $"Tokenizer file '{file.Path}' with '{MergesFileName}' is not a BPE vocabulary that Microsoft.ML.Tokenizers can load ({ex.Message}). Use the model's 'vocab.json' and 'merges.txt' unmodified.", ex);
        }
    }

    // ML.Tokenizers reports a file it cannot use with these; anything else is a bug and should surface as one.
    private static bool IsRejection(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or FormatException or JsonException or NotSupportedException
            or InvalidDataException or EndOfStreamException or OverflowException or IndexOutOfRangeException
            || ex.GetType().Name.IndexOf("Protocol", StringComparison.Ordinal) >= 0;
}
