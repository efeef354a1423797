namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>
/// What a model charges, in USD per million tokens. A null component means the provider does not offer it
/// (for example no prompt cache); the cost engine then bills those tokens as plain input.
/// </summary>
public sealed class ModelPrice
{
    /// <summary>Uncached input tokens.</summary>
    public TieredRate Input { get; init; } = 0m;

    /// <summary>Input tokens read from the prompt cache.</summary>
    public TieredRate? CachedInput { get; init; }

    /// <summary>Input tokens written to a cache that lives 5 minutes (Anthropic's default) or the only cache write a provider prices.</summary>
    public TieredRate? CacheWrite5m { get; init; }

    /// <summary>Input tokens written to a 1-hour cache.</summary>
    public TieredRate? CacheWrite1h { get; init; }

    /// <summary>Output tokens, reasoning tokens included.</summary>
    public TieredRate Output { get; init; } = 0m;

    /// <summary>A flat fee per 1,000 requests, where a provider charges one.</summary>
    public decimal? PerThousandRequests { get; init; }

    public decimal InputPerMillion => Input.BasePerMillion;

    public decimal OutputPerMillion => Output.BasePerMillion;
}
