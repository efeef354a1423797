using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// One catalog file as written, before it is merged with others and before aliases and fine-tunes
/// inherit from the models they name. Keeps positions so cross-file mistakes can still be placed.
/// </summary>
internal sealed class CatalogDocument
{
    public CatalogDocument(string source, IReadOnlyList<CatalogEntry> entries, IReadOnlyList<DeploymentEntry> deployments)
    {
        Source = source;
        Entries = entries;
        Deployments = deployments;
    }

    /// <summary>Path or source name, as shown in errors and in <see cref="ModelInfo.Source"/>.</summary>
    public string Source { get; }

    public IReadOnlyList<CatalogEntry> Entries { get; }

    public IReadOnlyList<DeploymentEntry> Deployments { get; }
}

/// <summary>One model entry exactly as the file states it; null means "not stated".</summary>
internal sealed class CatalogEntry
{
    public required string Id { get; init; }

    public required SourceSpot At { get; init; }

    public required string Provider { get; init; }

    public required ModelKind Kind { get; init; }

    public string? DisplayName { get; init; }

    public string? ResolvesTo { get; init; }

    public SourceSpot ResolvesToAt { get; init; }

    public IReadOnlyList<string> AlternateIds { get; init; } = Array.Empty<string>();

    public IReadOnlyList<SourceSpot> AlternateIdsAt { get; init; } = Array.Empty<SourceSpot>();

    public string? BaseModel { get; init; }

    public SourceSpot BaseModelAt { get; init; }

    public IReadOnlyList<PricePeriod>? Prices { get; init; }

    public IReadOnlyList<PricePeriod>? FineTunedPrices { get; init; }

    public int? ContextWindow { get; init; }

    public int? MaxOutputTokens { get; init; }

    public string? Tokenizer { get; init; }

    /// <summary>The model's own tokenizer file as written (relative to <see cref="SourceSpot.File"/> of <see cref="TokenizerFileAt"/>).</summary>
    public string? TokenizerFile { get; init; }

    public SourceSpot TokenizerFileAt { get; init; }

    public DateTime? Released { get; init; }

    public DateTime? Deprecated { get; init; }

    public DateTime? Retires { get; init; }

    public string? Replacement { get; init; }

    public SourceSpot ReplacementAt { get; init; }

    public DateTime? PricesChecked { get; init; }

    /// <summary>True when the entry states any lifecycle fact itself (then it inherits none).</summary>
    public bool HasLifecycle => Deprecated is not null || Retires is not null || Replacement is not null;

    /// <summary>A copy with other prices, used when a price source overlays a curated catalog.</summary>
    public CatalogEntry WithPrices(IReadOnlyList<PricePeriod>? prices, IReadOnlyList<PricePeriod>? fineTunedPrices) => new()
    {
        Id = Id,
        At = At,
        Provider = Provider,
        Kind = Kind,
        DisplayName = DisplayName,
        ResolvesTo = ResolvesTo,
        ResolvesToAt = ResolvesToAt,
        AlternateIds = AlternateIds,
        AlternateIdsAt = AlternateIdsAt,
        BaseModel = BaseModel,
        BaseModelAt = BaseModelAt,
        Prices = prices,
        FineTunedPrices = fineTunedPrices,
        ContextWindow = ContextWindow,
        MaxOutputTokens = MaxOutputTokens,
        Tokenizer = Tokenizer,
        TokenizerFile = TokenizerFile,
        TokenizerFileAt = TokenizerFileAt,
        Released = Released,
        Deprecated = Deprecated,
        Retires = Retires,
        Replacement = Replacement,
        ReplacementAt = ReplacementAt,
        PricesChecked = PricesChecked,
    };
}

/// <summary>An Azure-style deployment name mapped to the model it serves.</summary>
internal sealed class DeploymentEntry
{
    public DeploymentEntry(string name, SourceSpot at, string target, SourceSpot targetAt)
    {
        Name = name;
        At = at;
        Target = target;
        TargetAt = targetAt;
    }

    public string Name { get; }

    public SourceSpot At { get; }

    public string Target { get; }

    public SourceSpot TargetAt { get; }
}
