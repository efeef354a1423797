using System;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Cost
{
    /// <summary>What a call cost in USD, by Core's engine and catalog prices.</summary>
    /// <remarks>
    /// The model id goes through <see cref="ModelCatalog.Lookup"/> (ignoring case, provider prefixes such as
    /// <c>openai/</c>, alternate ids, deployments); an alias (<c>gpt-4o</c>) is priced as the snapshot it points at today.
    /// Unknown models, and models with no price in force at the date, cost null: an unknown price is not zero.
    /// </remarks>
    public static class ChatCost
    {
        /// <summary>USD for <paramref name="usage"/> on <paramref name="modelId"/>; null when the model is unknown (no price).</summary>
        /// <exception cref="ArgumentException">The usage is inconsistent (see <see cref="TokenUsage.Validate"/>).</exception>
        public static decimal? Of(TokenUsage usage, string? modelId, ModelCatalog catalog, DateTimeOffset? at = null)
        {
            if (catalog is null)
            {
                throw new ArgumentNullException(nameof(catalog));
            }

            // The sum alone (no breakdown object): every settled call is priced here.
            var model = PricedModel(modelId, catalog, at);
            return model is null ? null : CostEngine.CalculateTotal(model.PriceAt(at), usage);
        }

        /// <summary>
        /// <see cref="Of(TokenUsage, string?, ModelCatalog, DateTimeOffset?)"/> for a catalog entry the caller has already
        /// looked up (<paramref name="found"/> null: the id is not in the catalog).
        /// </summary>
        internal static decimal? OfFound(TokenUsage usage, ModelInfo? found, ModelCatalog catalog, DateTimeOffset? at)
        {
            var model = found is null ? null : PricedModel(found, catalog, at);
            return model is null ? null : CostEngine.CalculateTotal(model.PriceAt(at), usage);
        }

        /// <summary>The priced parts of a call (input, cached input, cache writes, output, per-request fee); null when the model has no price.</summary>
        /// <exception cref="ArgumentException">The usage is inconsistent (see <see cref="TokenUsage.Validate"/>).</exception>
        public static CostBreakdown? Breakdown(TokenUsage usage, string? modelId, ModelCatalog catalog, DateTimeOffset? at = null)
        {
            if (catalog is null)
            {
                throw new ArgumentNullException(nameof(catalog));
            }

            var model = PricedModel(modelId, catalog, at);
            return model is null ? null : CostEngine.Calculate(model, usage, at);
        }

        /// <summary>
        /// USD for a response: its usage (<see cref="UsageMapping.ToTokenUsage(ChatResponse)"/>) on the model that answered
        /// (<see cref="ChatResponse.ModelId"/>), else on <paramref name="requestedModelId"/>. Null without usage or price.
        /// </summary>
        public static decimal? Of(ChatResponse response, ModelCatalog catalog, string? requestedModelId = null, DateTimeOffset? at = null)
        {
            if (response is null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            if (response.Usage is null)
            {
                return null;
            }

            var usage = UsageMapping.ToTokenUsage(response);
            return Of(usage, response.ModelId, catalog, at) ?? Of(usage, requestedModelId, catalog, at);
        }

        /// <summary>The catalog entry whose price applies to <paramref name="modelId"/>: aliases resolve to their snapshot.</summary>
        internal static ModelInfo? PricedModel(string? modelId, ModelCatalog catalog, DateTimeOffset? at)
        {
            if (modelId is null || modelId.Length == 0 || !catalog.TryGet(modelId, out var model))
            {
                return null;
            }

            return PricedModel(model, catalog, at);
        }

        private static ModelInfo? PricedModel(ModelInfo model, ModelCatalog catalog, DateTimeOffset? at)
        {
            if (model.IsAlias)
            {
                var snapshot = catalog.SnapshotOf(model);
                if (snapshot is not null && HasPrice(snapshot, at))
                {
                    return snapshot;
                }
            }

            return HasPrice(model, at) ? model : null;
        }

        private static bool HasPrice(ModelInfo model, DateTimeOffset? at)
        {
            var prices = model.Prices;
            if (prices.Count == 0)
            {
                return false;
            }

            var when = at ?? DateTimeOffset.UtcNow;
            for (var i = 0; i < prices.Count; i++)
            {
                if (prices[i].AppliesAt(when))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
