using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>Everything the product knows about one model id: what it is, what it costs, how long it lives.</summary>
public sealed class ModelInfo
{
    private IReadOnlyList<PricePeriod> _prices = Array.Empty<PricePeriod>();

    /// <summary>The id as the provider's API takes it, e.g. <c>gpt-4o-2024-08-06</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Provider id: <c>openai</c>, <c>anthropic</c>, <c>google</c>, <c>mistral</c>, <c>deepseek</c>, <c>xai</c>, ...</summary>
    public required string Provider { get; init; }

    public string? DisplayName { get; init; }

    public ModelKind Kind { get; init; }

    public bool IsAlias => Kind == ModelKind.Alias;

    /// <summary>For an alias: the snapshot it points at today. Null for a snapshot.</summary>
    public string? ResolvesTo { get; init; }

    /// <summary>Other ids that mean exactly this model (e.g. a Vertex-style <c>name@date</c>).</summary>
    public IReadOnlyList<string> AlternateIds { get; init; } = Array.Empty<string>();

    /// <summary>Price history, oldest first; the first period may have no start date.</summary>
    public IReadOnlyList<PricePeriod> Prices
    {
        get => _prices;
        init => _prices = SortByStart(value);
    }

    public int? ContextWindow { get; init; }

    public int? MaxOutputTokens { get; init; }

    /// <summary>One of the <see cref="TokenizerFamily"/> names.</summary>
    public string Tokenizer { get; init; } = TokenizerFamily.GenericEstimate;

    /// <summary>
    /// The model's own tokenizer file (<c>tokenizer_file</c>), for a self-hosted model whose tokenizer is published;
    /// null when the model states none. Counting with it needs <c>LlmOps.Guardrails.Tokenizers.ML</c>; without
    /// that package the model counts with <see cref="Tokenizer"/>.
    /// </summary>
    public TokenizerFileReference? TokenizerFile { get; init; }

    public DateTime? ReleasedOn { get; init; }

    /// <summary>When the provider announced the retirement (the model still works until <see cref="RetiresOn"/>).</summary>
    public DateTime? DeprecatedOn { get; init; }

    /// <summary>The first day calls fail.</summary>
    public DateTime? RetiresOn { get; init; }

    /// <summary>The id to move to when this model is deprecated or retired.</summary>
    public string? Replacement { get; init; }

    /// <summary>The day the prices were last compared with the provider's published prices.</summary>
    public DateTime? PricesCheckedOn { get; init; }

    /// <summary>Where the entry came from: the built-in catalog or a user file (path).</summary>
    public string Source { get; init; } = "built-in";

    /// <summary>For a fine-tune or another derived model: the id of the model it was trained from.</summary>
    public string? BaseModel { get; init; }

    /// <summary>
    /// What the provider charges for fine-tunes of this model, where that differs from <see cref="Prices"/>
    /// (OpenAI bills fine-tuned inference at its own rates). Null when fine-tunes cost the same as the base.
    /// </summary>
    public IReadOnlyList<PricePeriod>? FineTunedPrices { get; init; }

    public ModelStatus StatusAt(DateTimeOffset when)
    {
        var day = when.UtcDateTime.Date;
        if (RetiresOn is { } retires && day >= retires.Date)
        {
            return ModelStatus.Retired;
        }

        // A known deprecation date decides; without one, a scheduled retirement means the model is deprecated.
        if (DeprecatedOn is { } deprecated)
        {
            return day >= deprecated.Date ? ModelStatus.Deprecated : ModelStatus.Active;
        }

        return RetiresOn is null ? ModelStatus.Active : ModelStatus.Deprecated;
    }

    /// <summary>The price in force at <paramref name="when"/> (now when null).</summary>
    /// <remarks>The latest entry whose condition holds wins, so later history entries override earlier ones.</remarks>
    /// <exception cref="InvalidOperationException">The model has no price at that date.</exception>
    public ModelPrice PriceAt(DateTimeOffset? when = null)
    {
        var at = when ?? DateTimeOffset.UtcNow;
        for (var i = _prices.Count - 1; i >= 0; i--)
        {
            if (_prices[i].AppliesAt(at))
            {
                return _prices[i].Price;
            }
        }

        throw new InvalidOperationException($"Model '{Id}' has no price in force at {at:yyyy-MM-dd}.");
    }

    public override string ToString() => Id;

    // Dated entries are kept in order of start; undated ones (the opening price, daily windows) keep their place before them.
    // A stable insertion sort rather than LINQ: lists are a few entries long, almost always already in order,
    // and this runs for every catalog entry on the first catalog load, where each generic LINQ instantiation costs JIT time.
    private static IReadOnlyList<PricePeriod> SortByStart(IReadOnlyList<PricePeriod> periods)
    {
        var sorted = new PricePeriod[periods.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var period = periods[i];
            var j = i;
            while (j > 0 && ComesAfter(sorted[j - 1], period))
            {
                sorted[j] = sorted[j - 1];
                j--;
            }

            sorted[j] = period;
        }

        return sorted;
    }

    private static bool ComesAfter(PricePeriod earlier, PricePeriod later) =>
        earlier.StartsAt is { } a && (later.StartsAt is not { } b || a > b);
}
