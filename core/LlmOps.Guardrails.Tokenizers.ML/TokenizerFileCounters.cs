using System;
using System.Collections.Concurrent;
using System.IO;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Tokenizers.ML;

/// <summary>
/// The <see cref="ITokenCounterSource"/> that counts models with a <c>tokenizer_file</c> exactly, through
/// Microsoft.ML.Tokenizers. Each file is loaded once and kept while it is unchanged (size and write time), so a
/// long-lived build node picks up a replaced file. Thread-safe; <see cref="Shared"/> is the instance the product uses.
/// </summary>
/// <example><code>
/// var counter = TokenCounters.ForModel(model, TokenizerFileCounters.Shared);
/// </code></example>
public sealed class TokenizerFileCounters : ITokenCounterSource
{
    private readonly ConcurrentDictionary<string, Loaded> _loaded = new(StringComparer.Ordinal);

    /// <summary>One process-wide cache.</summary>
    public static TokenizerFileCounters Shared { get; } = new();

    /// <summary>The counter for <paramref name="model"/>'s tokenizer file; null when it has none.</summary>
    /// <exception cref="CatalogException">LLMC013 or LLMC014 at the model's <c>tokenizer_file</c> line.</exception>
    public ITokenCounter? CounterFor(ModelInfo model) =>
        (model ?? throw new ArgumentNullException(nameof(model))).TokenizerFile is { } file ? CounterFor(file) : null;

    /// <summary>The counter for one tokenizer file.</summary>
    /// <exception cref="CatalogException">LLMC013 (the file has gone) or LLMC014 (it cannot be loaded), placed at its declaration.</exception>
    public TokenizerFileCounter CounterFor(TokenizerFileReference file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        var stamp = Stamp(file);
        if (_loaded.TryGetValue(file.FullPath, out var known) && known.Stamp == stamp)
        {
            return known.Counter;
        }

        var counter = new TokenizerFileCounter(TokenizerFileLoader.Load(file), file);
        _loaded[file.FullPath] = new Loaded(stamp, counter);
        return counter;
    }

    // The file and, for a BPE vocabulary, the merges beside it: replacing either reloads.
    private static (long Length, DateTime Written, DateTime MergesWritten) Stamp(TokenizerFileReference file)
    {
        var info = new FileInfo(file.FullPath);
        if (!info.Exists)
        {
            throw file.Problem(CatalogErrorCodes.MissingTokenizerFile, $"Tokenizer file '{file.Path}' no longer exists (looked for {file.FullPath}); restore it or remove 'tokenizer_file'.");
        }

        var merges = new FileInfo(Path.Combine(info.DirectoryName ?? string.Empty, TokenizerFileLoader.MergesFileName));
        return (info.Length, info.LastWriteTimeUtc, merges.Exists ? merges.LastWriteTimeUtc : default);
    }

    private sealed class Loaded
    {
        public Loaded((long, DateTime, DateTime) stamp, TokenizerFileCounter counter)
        {
            Stamp = stamp;
            Counter = counter;
        }

        public (long Length, DateTime Written, DateTime MergesWritten) Stamp { get; }

        public TokenizerFileCounter Counter { get; }
    }
}
