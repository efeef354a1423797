namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>Lifecycle of a model at a given date.</summary>
public enum ModelStatus
{
    /// <summary>Served and not scheduled for retirement.</summary>
    Active,

    /// <summary>Still served, but the provider has announced its retirement.</summary>
    Deprecated,

    /// <summary>No longer served: calls fail.</summary>
    Retired,
}
