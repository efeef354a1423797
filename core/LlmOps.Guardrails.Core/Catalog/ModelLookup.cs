using System;

namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// The answer to <see cref="ModelCatalog.Lookup"/>: the model when one matched and how, otherwise the
/// nearest known id when the query looks like a typo of it. A struct, so a lookup allocates nothing.
/// </summary>
public readonly struct ModelLookup : IEquatable<ModelLookup>
{
    internal ModelLookup(string query, ModelInfo? model, ModelMatchKind matchedBy, string? prefix, string? deployment, string? suggestion)
    {
        Query = query;
        Model = model;
        MatchedBy = matchedBy;
        Prefix = prefix;
        Deployment = deployment;
        Suggestion = suggestion;
    }

    /// <summary>The id as it was asked for.</summary>
    public string Query { get; }

    /// <summary>The model, or null when nothing matched.</summary>
    public ModelInfo? Model { get; }

    public ModelMatchKind MatchedBy { get; }

    /// <summary>The provider prefix that was set aside to match, such as <c>"openai/"</c>; null when none.</summary>
    public string? Prefix { get; }

    /// <summary>For a deployment match, the deployment name.</summary>
    public string? Deployment { get; }

    /// <summary>On a miss, the nearest known id if the query is within a few edits of it; otherwise null.</summary>
    public string? Suggestion { get; }

    public bool Found => Model is not null;

    public static bool operator ==(ModelLookup left, ModelLookup right) => left.Equals(right);

    public static bool operator !=(ModelLookup left, ModelLookup right) => !left.Equals(right);

    public bool Equals(ModelLookup other) =>
        string.Equals(Query, other.Query, StringComparison.Ordinal)
        && ReferenceEquals(Model, other.Model)
        && MatchedBy == other.MatchedBy
        && string.Equals(Prefix, other.Prefix, StringComparison.Ordinal)
        && string.Equals(Deployment, other.Deployment, StringComparison.Ordinal)
        && string.Equals(Suggestion, other.Suggestion, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ModelLookup other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Query, Model, MatchedBy, Prefix, Deployment, Suggestion);

    public override string ToString() => Model is null
        ? (Suggestion is null ? $"'{Query}': unknown" : $"'{Query}': unknown, did you mean '{Suggestion}'?")
        : $"'{Query}': {Model.Id} ({MatchedBy})";
}
