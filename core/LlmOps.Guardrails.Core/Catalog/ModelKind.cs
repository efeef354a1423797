namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>Whether a model id names fixed weights or a pointer the provider may move.</summary>
public enum ModelKind
{
    /// <summary>A dated snapshot (<c>gpt-4o-2024-08-06</c>): behaviour does not change under you.</summary>
    Snapshot,

    /// <summary>A floating alias (<c>gpt-4o</c>, <c>*-latest</c>): the provider can repoint it at any time.</summary>
    Alias,
}
