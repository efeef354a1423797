using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog.Parsing;

namespace LlmOps.Guardrails.Core.Catalog.Building;

/// <summary>
/// Turns entries into <see cref="ModelInfo"/>s. An alias inherits what it does not state from the snapshot
/// it resolves to (it is that snapshot, today); a model with <c>base_model</c> (a fine-tune, a private
/// deployment) inherits from its base, taking the base's fine-tune prices when the provider has them.
/// </summary>
internal sealed class EntryResolver
{
    private readonly Dictionary<string, CatalogEntry> _names;
    private readonly Dictionary<CatalogEntry, ModelInfo> _resolved = new();
    private readonly HashSet<CatalogEntry> _inProgress = new();

    public EntryResolver(Dictionary<string, CatalogEntry> names) => _names = names;

    public ModelInfo Resolve(CatalogEntry entry)
    {
        if (_resolved.TryGetValue(entry, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(entry))
        {
            throw entry.BaseModelAt.Error(CatalogErrorCodes.UnknownReference, $"Model '{entry.Id}' is its own base model through a chain of 'base_model' entries; break the loop.");
        }

        if (entry.Replacement is { } replacement && !_names.ContainsKey(replacement))
        {
            throw entry.ReplacementAt.Error(CatalogErrorCodes.UnknownReference, CatalogBuilder.UnknownMessage($"Model '{entry.Id}' names replacement '{replacement}'", replacement, _names.Keys));
        }

        var parent = entry.Kind == ModelKind.Alias ? Snapshot(entry) : entry.BaseModel is null ? null : Base(entry);
        var info = Build(entry, parent);
        _inProgress.Remove(entry);
        _resolved[entry] = info;
        return info;
    }

    private ModelInfo Snapshot(CatalogEntry alias)
    {
        var target = alias.ResolvesTo!;
        if (!_names.TryGetValue(target, out var snapshot))
        {
            throw alias.ResolvesToAt.Error(CatalogErrorCodes.BrokenAlias, CatalogBuilder.UnknownMessage($"Alias '{alias.Id}' resolves to '{target}'", target, _names.Keys));
        }

        if (snapshot.Kind == ModelKind.Alias)
        {
            throw alias.ResolvesToAt.Error(CatalogErrorCodes.BrokenAlias, $"Alias '{alias.Id}' resolves to '{target}', which is itself an alias (of '{snapshot.ResolvesTo}'); point it at the snapshot directly.");
        }

        return Resolve(snapshot);
    }

    private ModelInfo Base(CatalogEntry entry)
    {
        var name = entry.BaseModel!;
        if (!_names.TryGetValue(name, out var baseEntry))
        {
            throw entry.BaseModelAt.Error(CatalogErrorCodes.UnknownReference, CatalogBuilder.UnknownMessage($"Model '{entry.Id}' has base model '{name}'", name, _names.Keys));
        }

        return Resolve(baseEntry);
    }

    private static ModelInfo Build(CatalogEntry entry, ModelInfo? parent)
    {
        var isFineTune = entry.BaseModel is not null;
        var prices = entry.Prices
            ?? (isFineTune ? parent!.FineTunedPrices ?? parent.Prices : parent!.Prices);
        var lifecycle = entry.HasLifecycle || parent is null ? null : parent;
        return new ModelInfo
        {
            Id = entry.Id,
            Provider = entry.Provider,
            DisplayName = entry.DisplayName,
            Kind = entry.Kind,
            ResolvesTo = entry.ResolvesTo is null ? null : parent!.Id,
            AlternateIds = entry.AlternateIds,
            BaseModel = isFineTune ? parent!.Id : null,
            Prices = prices,
            FineTunedPrices = entry.FineTunedPrices ?? (isFineTune ? null : parent?.FineTunedPrices),
            ContextWindow = entry.ContextWindow ?? parent?.ContextWindow,
            MaxOutputTokens = entry.MaxOutputTokens ?? parent?.MaxOutputTokens,
            Tokenizer = entry.Tokenizer ?? parent?.Tokenizer ?? DefaultTokenizer(entry.Provider),
            TokenizerFile = TokenizerFileOf(entry, parent),
            ReleasedOn = entry.Released,
            DeprecatedOn = lifecycle is null ? entry.Deprecated : lifecycle.DeprecatedOn,
            RetiresOn = lifecycle is null ? entry.Retires : lifecycle.RetiresOn,
            Replacement = lifecycle is null ? entry.Replacement : lifecycle.Replacement,
            PricesCheckedOn = entry.PricesChecked ?? (entry.Prices is null ? parent?.PricesCheckedOn : null),
            Source = entry.At.File,
        };
    }

    // A stated file wins; an entry that states only a tokenizer family has chosen that family over its parent's file.
    private static TokenizerFileReference? TokenizerFileOf(CatalogEntry entry, ModelInfo? parent)
    {
        if (entry.TokenizerFile is { } path)
        {
            var at = entry.TokenizerFileAt;
            return TokenizerFileReference.Resolve(path, entry.Id, at.File, at.Line, at.Column);
        }

        return entry.Tokenizer is null ? parent?.TokenizerFile : null;
    }

    // Without a stated tokenizer, estimate the way the provider's family is known to count.
    private static string DefaultTokenizer(string provider) => provider switch
    {
        "anthropic" => TokenizerFamily.ClaudeEstimate,
        "google" => TokenizerFamily.GeminiEstimate,
        _ => TokenizerFamily.GenericEstimate,
    };
}
