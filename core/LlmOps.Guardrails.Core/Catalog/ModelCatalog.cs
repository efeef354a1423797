using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using LlmOps.Guardrails.Core.Catalog.Building;
using LlmOps.Guardrails.Core.Catalog.Import;
using LlmOps.Guardrails.Core.Catalog.Parsing;

namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// What every part of the product knows about models: ids, aliases and the snapshots they point at,
/// prices with their history, limits, tokenizers and lifecycle dates. <see cref="Default"/> is the
/// built-in catalog (Catalog/Data/models.yaml, embedded); users extend or override it with a file in the
/// same schema (<c>llmops.models.yaml</c>) through <see cref="WithOverrides(string)"/>.
/// </summary>
/// <remarks>Immutable and safe to share across threads.</remarks>
public sealed partial class ModelCatalog
{
    /// <summary>The <see cref="ModelInfo.Source"/> of built-in entries, and the file name in their errors.</summary>
    public const string BuiltInSource = "built-in";

    private const string BuiltInResource = "LlmOps.Guardrails.Core.Catalog.Data.models.yaml";

    private static readonly Lazy<ModelCatalog> BuiltIn = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IReadOnlyList<CatalogDocument> _documents;
    private readonly CatalogContents _contents;

    // Fine-tune ids are open-ended, so their derived entries are made on first lookup and kept.
    private readonly ConcurrentDictionary<string, ModelInfo> _fineTunes = new(StringComparer.OrdinalIgnoreCase);

    private ModelCatalog(IReadOnlyList<CatalogDocument> documents)
    {
        _documents = documents;
        _contents = CatalogBuilder.Build(documents);
    }

    /// <summary>The built-in catalog, parsed once on first use.</summary>
    /// <exception cref="CatalogException">Never in a released build: the built-in file is checked by the tests.</exception>
    public static ModelCatalog Default => BuiltIn.Value;

    /// <summary>Every model entry, aliases included, in file order (overrides take the place of what they replace).</summary>
    public IReadOnlyList<ModelInfo> Models => _contents.Models;

    /// <summary>Deployment names (Azure-style) and the model id each one serves.</summary>
    public IReadOnlyDictionary<string, string> Deployments => _contents.DeploymentTargets;

    /// <summary>Reads a complete catalog file; every alias, replacement and deployment must resolve within it.</summary>
    /// <exception cref="CatalogException">The file is missing, unreadable or wrong (see docs/catalog.md for the codes).</exception>
    public static ModelCatalog Load(string path) => new(new[] { ReadFile(path) });

    /// <summary>Reads a complete catalog from text; <paramref name="sourceName"/> is what errors and <see cref="ModelInfo.Source"/> show.</summary>
    /// <exception cref="CatalogException">The text is not a valid catalog.</exception>
    public static ModelCatalog Parse(TextReader reader, string sourceName)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new(new[] { CatalogDocumentReader.Read(reader, sourceName ?? throw new ArgumentNullException(nameof(sourceName))) });
    }

    /// <summary>
    /// This catalog with another laid over it: an entry of <paramref name="overrides"/> replaces the entry with
    /// the same id (ignoring case) entirely, new entries are added, and deployments are merged.
    /// </summary>
    /// <exception cref="CatalogException">The merged catalog is inconsistent, for example an alias whose snapshot was replaced by an alias.</exception>
    public ModelCatalog WithOverrides(ModelCatalog overrides)
    {
        if (overrides is null)
        {
            throw new ArgumentNullException(nameof(overrides));
        }

        var documents = new List<CatalogDocument>(_documents);
        documents.AddRange(overrides._documents);
        return new ModelCatalog(documents);
    }

    /// <summary>
    /// This catalog with a user's override file (<c>llmops.models.yaml</c>) laid over it. The file uses the same
    /// schema as the built-in one and may refer to models it does not define (an alias of a built-in snapshot,
    /// a fine-tune of a built-in model, a deployment of one).
    /// </summary>
    /// <exception cref="CatalogException">The file is missing or wrong, or refers to a model neither file has.</exception>
    public ModelCatalog WithOverrides(string path) => new(Append(ReadFile(path)));

    /// <summary>As <see cref="WithOverrides(string)"/>, from text.</summary>
    /// <exception cref="CatalogException">The text is wrong, or refers to a model neither catalog has.</exception>
    public ModelCatalog WithOverrides(TextReader reader, string sourceName)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new(Append(CatalogDocumentReader.Read(reader, sourceName ?? throw new ArgumentNullException(nameof(sourceName)))));
    }

    /// <summary>
    /// This catalog with its prices taken from <paramref name="prices"/> (an import) where both have the same id,
    /// keeping this catalog's kinds, aliases, limits and lifecycle dates; models only <paramref name="prices"/> has are added.
    /// </summary>
    public ModelCatalog WithPricesFrom(ModelCatalog prices)
    {
        if (prices is null)
        {
            throw new ArgumentNullException(nameof(prices));
        }

        var current = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in _documents)
        {
            foreach (var entry in document.Entries)
            {
                current[entry.Id] = entry;
            }
        }

        var overlay = new List<CatalogEntry>();
        var source = BuiltInSource;
        foreach (var document in prices._documents)
        {
            source = document.Source;
            foreach (var entry in document.Entries)
            {
                overlay.Add(current.TryGetValue(entry.Id, out var known) && entry.Prices is not null
                    ? known.WithPrices(entry.Prices, entry.FineTunedPrices ?? known.FineTunedPrices)
                    : entry);
            }
        }

        return new(Append(new CatalogDocument(source, overlay, Array.Empty<DeploymentEntry>())));
    }

    /// <summary>Reads a genai-prices <c>data.json</c> (Pydantic's price database) as a catalog.</summary>
    /// <param name="jsonPath">The data.json file.</param>
    /// <param name="providers">Only these genai-prices provider ids (all when null).</param>
    /// <exception cref="CatalogException">LLMC012 when the file is not a genai-prices database.</exception>
    public static ModelCatalog ImportGenAiPrices(string jsonPath, IEnumerable<string>? providers = null)
    {
        using var stream = OpenImport(jsonPath);
        return ImportGenAiPrices(stream, jsonPath, providers);
    }

    /// <summary>As <see cref="ImportGenAiPrices(string, IEnumerable{string})"/>, from a stream.</summary>
    public static ModelCatalog ImportGenAiPrices(Stream json, string sourceName, IEnumerable<string>? providers = null) =>
        new(new[] { GenAiPricesImporter.Read(json, sourceName, providers) });

    /// <summary>Reads LiteLLM's <c>model_prices_and_context_window.json</c> as a catalog (chat models only).</summary>
    /// <exception cref="CatalogException">LLMC012 when the file is not in LiteLLM's format.</exception>
    public static ModelCatalog ImportLiteLlm(string jsonPath)
    {
        using var stream = OpenImport(jsonPath);
        return ImportLiteLlm(stream, jsonPath);
    }

    /// <summary>As <see cref="ImportLiteLlm(string)"/>, from a stream.</summary>
    public static ModelCatalog ImportLiteLlm(Stream json, string sourceName) =>
        new(new[] { LiteLlmImporter.Read(json, sourceName) });

    /// <summary>Parses the embedded catalog; <see cref="Default"/> caches the result. Internal for the benchmarks.</summary>
    internal static ModelCatalog LoadBuiltIn()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"The embedded resource '{BuiltInResource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader, BuiltInSource);
    }

    private List<CatalogDocument> Append(CatalogDocument document)
    {
        var documents = new List<CatalogDocument>(_documents) { document };
        return documents;
    }

    private static CatalogDocument ReadFile(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        try
        {
            using var reader = new StreamReader(path);
            return CatalogDocumentReader.Read(reader, path);
        }
        catch (IOException ex)
        {
            throw new CatalogException(CatalogErrorCodes.MalformedYaml, path, 1, 1, $"Cannot read the catalog file: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CatalogException(CatalogErrorCodes.MalformedYaml, path, 1, 1, $"Cannot read the catalog file: {ex.Message}", ex);
        }
    }

    private static FileStream OpenImport(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        try
        {
            return File.OpenRead(path);
        }
        catch (IOException ex)
        {
            throw new CatalogException(CatalogErrorCodes.MalformedImport, path, 1, 1, $"Cannot read the price file: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CatalogException(CatalogErrorCodes.MalformedImport, path, 1, 1, $"Cannot read the price file: {ex.Message}", ex);
        }
    }
}
