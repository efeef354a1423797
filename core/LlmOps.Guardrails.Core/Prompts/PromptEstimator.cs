using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>What one call with a prompt costs: input tokens of the messages rendered with the sample values, the output estimate, and the price.</summary>
public sealed class PromptEstimate
{
    /// <summary>The catalog id the prompt's model resolved to (the prompt's own id when unknown).</summary>
    public required string Model { get; init; }

    public required long InputTokens { get; init; }

    /// <summary>True when the tokenizer only estimates this model family (Claude, Gemini).</summary>
    public bool InputTokensEstimated { get; init; }

    /// <summary><see cref="PromptDefinition.ExpectedOutputTokens"/>, else the max output tokens, else 0.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>USD per call; null when the model is unknown to the catalog (no price).</summary>
    public decimal? CostPerCall { get; init; }

    /// <summary>The date the catalog's price was last checked; null when there is no price.</summary>
    public DateTime? PricesCheckedOn { get; init; }
}

public static class PromptEstimator
{
    /// <summary>
    /// Estimates one call with <paramref name="prompt"/>: its messages rendered with each variable's
    /// <see cref="PromptVariable.Sample"/> and counted with the model's tokenizer (chat framing included), the
    /// output tokens it budgets, and the price at <paramref name="at"/> (now when null).
    /// </summary>
    /// <remarks>
    /// The model is looked up in <paramref name="catalog"/>; an alias is priced (and tokenized) as the snapshot it
    /// points at today, and <see cref="PromptEstimate.Model"/> is that snapshot's id. An unknown model still gets a
    /// token count (<see cref="TokenCounters.ForModel"/> on the id as written) but no price. A known model with no
    /// price in force at <paramref name="at"/> is treated as unpriced too.
    /// </remarks>
    public static PromptEstimate Estimate(PromptDefinition prompt, ModelCatalog catalog, DateTimeOffset? at = null) =>
        Estimate(prompt, catalog, at, tokenizerFiles: null);

    /// <summary>
    /// As <see cref="Estimate(PromptDefinition, ModelCatalog, DateTimeOffset?)"/>, counting a model that has its own
    /// tokenizer file (<see cref="ModelInfo.TokenizerFile"/>) with the counter <paramref name="tokenizerFiles"/> gives for it.
    /// </summary>
    /// <exception cref="CatalogException">The model's tokenizer file cannot be loaded.</exception>
    public static PromptEstimate Estimate(PromptDefinition prompt, ModelCatalog catalog, DateTimeOffset? at, ITokenCounterSource? tokenizerFiles)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        if (catalog is null)
        {
            throw new ArgumentNullException(nameof(catalog));
        }

        var model = ResolveModel(prompt.Model, catalog);
        var counter = model is null ? CounterForId(prompt.Model) : TokenCounters.ForModel(model, tokenizerFiles);
        var count = counter.CountChat(RenderMessages(prompt));
        long output = prompt.ExpectedOutputTokens ?? prompt.Parameters.MaxOutputTokens ?? 0;
        if (output < 0)
        {
            output = 0;
        }

        decimal? cost = null;
        if (model is not null)
        {
            try
            {
                cost = CostEngine.Calculate(model, new TokenUsage { InputTokens = count.Tokens, OutputTokens = output }, at ?? DateTimeOffset.UtcNow).TotalCost;
            }
            catch (InvalidOperationException)
            {
                // No price in force at that date: the estimate carries tokens only.
                cost = null;
            }
        }

        return new PromptEstimate
        {
            Model = model?.Id ?? prompt.Model,
            InputTokens = count.Tokens,
            InputTokensEstimated = count.IsEstimate || !counter.IsExact,
            OutputTokens = output,
            CostPerCall = cost,
            PricesCheckedOn = cost is null ? null : model!.PricesCheckedOn,
        };
    }

    /// <summary>The catalog model a prompt's model id prices as: the snapshot behind an alias, else the model; null when unknown.</summary>
    internal static ModelInfo? ResolveModel(string? modelId, ModelCatalog catalog)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            return null;
        }

        var found = catalog.Lookup(modelId!).Model;
        if (found is null)
        {
            return null;
        }

        return catalog.SnapshotOf(found) ?? found;
    }

    /// <summary>The messages as sent: the templates rendered with the variables' sample values by the prompt's engine (<see cref="PromptRenderer"/>).</summary>
    public static IReadOnlyList<ChatMessageText> RenderMessages(PromptDefinition prompt) => PromptRenderer.Render(prompt);

    // An unknown model still gets a count: the id-based table decides (an empty id gets the generic estimate).
    private static ITokenCounter CounterForId(string? modelId) => TokenCounters.ForModel(modelId ?? string.Empty);
}
