namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>How <see cref="ModelCatalog.Lookup"/> found a model, so tools can explain the match.</summary>
public enum ModelMatchKind
{
    /// <summary>Nothing matched.</summary>
    None,

    /// <summary>The model's own id (ignoring case).</summary>
    Id,

    /// <summary>One of the model's alternate ids, such as a Vertex AI <c>name@date</c> id.</summary>
    AlternateId,

    /// <summary>A deployment name from an override file's <c>deployments:</c> section.</summary>
    Deployment,

    /// <summary>A fine-tune id (<c>ft:base:org::id</c>) priced from its base model.</summary>
    FineTune,
}
