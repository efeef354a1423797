using System;
using LlmOps.Guardrails.Core.Catalog.Lookup;

namespace LlmOps.Guardrails.Core.Catalog;

public sealed partial class ModelCatalog
{
    private const int MaxReplacementHops = 16;

    /// <summary>
    /// Finds a model by id, ignoring case, through provider prefixes (<c>openai/</c>, <c>anthropic/</c>,
    /// <c>google/</c>, <c>gemini/</c>, <c>models/</c>, <c>azure/</c>, ...), alternate ids, deployment names and
    /// fine-tune ids. On a miss, <see cref="ModelLookup.Suggestion"/> holds the nearest known id when the query
    /// is within a few edits of it.
    /// </summary>
    /// <remarks>
    /// A hit allocates nothing (fine-tune ids excepted, once each); suggestions are computed only on a miss.
    /// A suggestion never names a model that is retired today (UTC): see <see cref="Lookup(string, DateTimeOffset)"/>.
    /// </remarks>
    public ModelLookup Lookup(string id) => Lookup(id, DateTimeOffset.UtcNow);

    /// <summary>
    /// Like <see cref="Lookup(string)"/>, with the suggestion on a miss taken only from models that are not
    /// retired at <paramref name="at"/>: a typo of a live id is never "corrected" to a model that no longer answers.
    /// </summary>
    public ModelLookup Lookup(string id, DateTimeOffset at)
    {
        if (id is null)
        {
            throw new ArgumentNullException(nameof(id));
        }

        var span = id.AsSpan().Trim();
        return TryMatch(id, span, null, 0, out var found)
            ? found
            : new ModelLookup(id, null, ModelMatchKind.None, null, null, Suggest(span, at.UtcDateTime));
    }

    /// <summary>Like <see cref="Lookup"/>, without computing a suggestion on a miss.</summary>
    /// <returns>True and the model when the id is known; false and null otherwise.</returns>
    public bool TryGet(string id, out ModelInfo model)
    {
        if (id is null)
        {
            throw new ArgumentNullException(nameof(id));
        }

        if (TryMatch(id, id.AsSpan().Trim(), null, 0, out var found) && found.Model is { } hit)
        {
            model = hit;
            return true;
        }

        model = null!;
        return false;
    }

    /// <summary>The snapshot an alias points at today; the model itself when it is not an alias.</summary>
    public ModelInfo? SnapshotOf(ModelInfo model)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        return model.IsAlias && model.ResolvesTo is { } target ? _contents.Ids.Find(target.AsSpan())?.Model : model;
    }

    /// <summary>
    /// Follows <see cref="ModelInfo.Replacement"/> from <paramref name="model"/> to the first replacement that is
    /// still active at <paramref name="at"/> (a provider's named replacement can itself have retired since).
    /// Null when the model names no replacement; the last one in the chain when none is active.
    /// </summary>
    public ModelInfo? ActiveReplacementFor(ModelInfo model, DateTimeOffset at)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        ModelInfo? current = null;
        var next = model.Replacement;
        for (var hop = 0; next is not null && hop < MaxReplacementHops; hop++)
        {
            var found = _contents.Ids.Find(next.AsSpan())?.Model;
            if (found is null)
            {
                break;
            }

            current = found;
            if (found.StatusAt(at) == ModelStatus.Active)
            {
                return found;
            }

            next = found.Replacement;
        }

        return current;
    }

    private bool TryMatch(string query, ReadOnlySpan<char> span, IdPrefix? prefix, int depth, out ModelLookup result)
    {
        // Under an Azure prefix the name is most likely a deployment, which may share a model's name.
        if (prefix is { ReachesDeployments: true } && _contents.Deployments.Find(span) is { } azureDeployment)
        {
            result = new ModelLookup(query, azureDeployment.Model, ModelMatchKind.Deployment, prefix.Text, azureDeployment.Name, null);
            return true;
        }

        if (_contents.Ids.Find(span) is { } hit && (prefix is null || prefix.Accepts(hit.Model)))
        {
            result = new ModelLookup(query, hit.Model, hit.Kind, prefix?.Text, null, null);
            return true;
        }

        if (prefix is null && _contents.Deployments.Find(span) is { } deployment)
        {
            result = new ModelLookup(query, deployment.Model, ModelMatchKind.Deployment, null, deployment.Name, null);
            return true;
        }

        if (FineTuneIds.TryGetBase(span, out var baseId)
            && TryMatch(query, baseId, prefix, depth + 1, out var baseMatch)
            && baseMatch.MatchedBy != ModelMatchKind.FineTune
            && baseMatch.Model is { } baseModel)
        {
            result = new ModelLookup(query, FineTuneOf(span, SnapshotOf(baseModel) ?? baseModel), ModelMatchKind.FineTune, baseMatch.Prefix ?? prefix?.Text, null, null);
            return true;
        }

        var slash = span.IndexOf('/');
        if (depth < 2 && slash > 0 && IdPrefix.Match(span.Slice(0, slash)) is { } nextPrefix)
        {
            return TryMatch(query, span.Slice(slash + 1), nextPrefix, depth + 1, out result);
        }

        result = default;
        return false;
    }

    private ModelInfo FineTuneOf(ReadOnlySpan<char> id, ModelInfo baseModel)
    {
        var key = id.ToString();
        if (_fineTunes.TryGetValue(key, out var known))
        {
            return known;
        }

        // OpenAI serves a fine-tune until its base model is shut down, so it shares the base's lifecycle.
        var derived = new ModelInfo
        {
            Id = key,
            Provider = baseModel.Provider,
            Kind = ModelKind.Snapshot,
            BaseModel = baseModel.Id,
            Prices = baseModel.FineTunedPrices ?? baseModel.Prices,
            ContextWindow = baseModel.ContextWindow,
            MaxOutputTokens = baseModel.MaxOutputTokens,
            Tokenizer = baseModel.Tokenizer,
            TokenizerFile = baseModel.TokenizerFile,
            DeprecatedOn = baseModel.DeprecatedOn,
            RetiresOn = baseModel.RetiresOn,
            Replacement = baseModel.Replacement,
            PricesCheckedOn = baseModel.PricesCheckedOn,
            Source = baseModel.Source,
        };
        return _fineTunes.GetOrAdd(key, derived);
    }

    private string? Suggest(ReadOnlySpan<char> span, DateTime at)
    {
        // Suggest against what the catalog would have matched: without provider prefixes, and the base of a fine-tune.
        for (var slash = span.IndexOf('/'); slash > 0 && IdPrefix.Match(span.Slice(0, slash)) is not null; slash = span.IndexOf('/'))
        {
            span = span.Slice(slash + 1);
        }

        if (FineTuneIds.TryGetBase(span, out var baseId))
        {
            span = baseId;
        }

        if (span.Length == 0)
        {
            return null;
        }

        return TypoSuggester.NearestLive(span, _contents.KnownNames, _contents.KnownRetires, at);
    }
}
